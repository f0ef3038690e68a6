import Foundation

/// What a hunt searches and how it reaches the sellers it finds: the JSON the API takes and stores (`hunts`
/// `criteria`, `steps`, `daily_limit`, `sending_window`); the gateway checks it (`HuntValidation`).
package struct HuntDefinition: Codable, Sendable, Hashable {
    package var name: String
    package var squidId: String?
    package var criteria: HuntCriteria
    package var steps: [HuntStep]
    /// Contacts a day for this hunt, all channels together; nil: no limit of its own.
    package var dailyLimit: Int?
    package var window: SendingWindow?

    package init(
        name: String, squidId: String?, criteria: HuntCriteria, steps: [HuntStep], dailyLimit: Int?,
        window: SendingWindow?
    ) {
        self.name = name
        self.squidId = squidId
        self.criteria = criteria
        self.steps = steps
        self.dailyLimit = dailyLimit
        self.window = window
    }
}

/// Which ads a hunt wants. Bounds are inclusive and each may be left out; an ad missing a value a bound
/// applies to does not match that bound (NULL-tolerant: the bound is skipped only when it is absent).
package struct HuntCriteria: Codable, Sendable, Hashable {
    package struct Range: Codable, Sendable, Hashable {
        package var min: Double?
        package var max: Double?
    }

    package struct Point: Codable, Sendable, Hashable {
        package var lat: Double
        package var lng: Double
    }

    /// LeBonCoin's category name (`Voitures`).
    package var category: String?
    package var brands: [String]?
    package var models: [String]?
    package var price: Range?
    package var year: Range?
    package var mileage: Range?
    /// "Required when true" flags.
    package var requireLowPrice: Bool?
    package var requirePriceDropped: Bool?
    package var requireUrgent: Bool?
    package var requireReposted: Bool?
    package var center: Point?
    /// A French postcode (`69003`) whose centre the radius is measured from, instead of `center`.
    package var postcode: String?
    package var radiusKm: Double?
    /// How old (days since first publication) a matching ad may be.
    package var adAgeDays: Range?

    package init() {}
}

/// One outreach step: the first contact (`afterDays` 0 or absent), or a follow-up after that many days without a
/// reply; on the first ready channel of `channels`, with that channel's template. A failed send moves on to the
/// next ready channel of the list.
package struct HuntStep: Codable, Sendable, Hashable {
    package var afterDays: Int?
    /// `whatsapp`, `sms`, `voice`, in order of preference.
    package var channels: [String]
    /// Template id per channel: variant A.
    package var templates: [String: String]
    /// A/B testing: more template maps (variants B, C, …) for the same channels; the step's leads are split
    /// between `templates` and these by ad, deterministically (``variant(of:)``).
    package var variants: [[String: String]]?

    package init(
        afterDays: Int? = nil, channels: [String], templates: [String: String], variants: [[String: String]]? = nil
    ) {
        self.afterDays = afterDays
        self.channels = channels
        self.templates = templates
        self.variants = variants
    }

    /// Every template map of the step, variant A first.
    package var templateSets: [[String: String]] { [templates] + (variants ?? []) }

    /// The variant an ad gets: the same ad always gets the same one, and ads spread evenly over them.
    package func variant(of ad: UUID) -> Int {
        let count = templateSets.count
        guard count > 1 else { return 0 }
        let bytes = ad.uuid
        // The last 8 bytes of a random UUID are uniformly random.
        let tail = [bytes.8, bytes.9, bytes.10, bytes.11, bytes.12, bytes.13, bytes.14, bytes.15]
        let value = tail.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(value % UInt64(count))
    }
}

/// When sends may happen: days of the week (1 Monday … 7 Sunday) and hours `HH:MM`–`HH:MM` in `timeZone`.
package struct SendingWindow: Codable, Sendable, Hashable {
    package var days: [Int]
    package var from: String
    package var to: String
    package var timeZone: String

    package init(days: [Int], from: String, to: String, timeZone: String) {
        self.days = days
        self.from = from
        self.to = to
        self.timeZone = timeZone
    }

    /// Minutes after midnight of an `HH:MM` time (`24:00` is 1440); nil when it is not one.
    package static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]),
            let minutes = Int(parts[1]), (0...24).contains(hours), (0...59).contains(minutes),
            hours * 60 + minutes <= 1440
        else { return nil }
        return hours * 60 + minutes
    }
}
