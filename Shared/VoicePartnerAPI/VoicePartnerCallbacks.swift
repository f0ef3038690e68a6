import Foundation

/// The drop campaign's status callback (PROVIDERS.md §2.6): a GET on the `notifyUrl` with the campaign's
/// aggregate, `?campaign_token=…&campaign_id=…&delivered_quantity=1&total_quantity=1`, not one per number.
package struct VoicePartnerDropCallback: Sendable, Equatable {
    package var campaignID: String
    package var campaignToken: String?
    package var delivered: Int
    package var total: Int

    /// Nil unless `campaign_id` and both quantities are present and consistent (0 ≤ delivered ≤ total).
    package init?(query: [String: String]) {
        guard let campaignID = query["campaign_id"], !campaignID.isEmpty,
            let delivered = query["delivered_quantity"].flatMap(Int.init),
            let total = query["total_quantity"].flatMap(Int.init), delivered >= 0, total >= delivered
        else { return nil }
        self.campaignID = campaignID
        campaignToken = query["campaign_token"]
        self.delivered = delivered
        self.total = total
    }
}

/// The text-to-speech call's status callback: a POST with JSON, one per number, `status` `pending`,
/// `delivered` or `undelivered` and `additionnal_status` (sic) `VOICE_ANSWERED` / `VOICE_NOT_ANSWERED`.
package struct VoicePartnerTTSCallback: Decodable, Sendable, Equatable {
    package var campaignID: String
    package var status: String
    /// `VOICE_ANSWERED` or `VOICE_NOT_ANSWERED`.
    package var additionalStatus: String?
    /// International form with `00` (`0033612345678`).
    package var phoneNumber: String
    package var duration: Int?

    private enum CodingKeys: String, CodingKey {
        case campaignID = "campaignId"
        case status, phoneNumber, duration
        case additionalStatus = "additionnal_status"
    }

    /// The number in E.164 (`+33612345678`), or nil when it is not in an international form.
    package var e164: String? {
        if phoneNumber.hasPrefix("+") { return phoneNumber }
        if phoneNumber.hasPrefix("00") { return "+" + phoneNumber.dropFirst(2) }
        return nil
    }

    package static func decode(_ body: [UInt8]) -> VoicePartnerTTSCallback? {
        try? JSONDecoder().decode(Self.self, from: Data(body))
    }
}

/// `GET /v1/audios/{apiKey}`: the account's added and validated audio files (`datas[]`).
package struct VoicePartnerAudioList: Decodable, Sendable, Equatable {
    package struct Audio: Decodable, Sendable, Equatable {
        package var name: String
        package var token: String
        package var size: String?
        /// `m:ss`.
        package var duration: String?

        /// The duration in seconds, when it reads as `m:ss` or `h:mm:ss`.
        package var seconds: Int? {
            guard let duration else { return nil }
            let parts = duration.split(separator: ":").map { Int($0) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
            return parts.reduce(0) { $0 * 60 + ($1 ?? 0) }
        }
    }

    package var datas: [Audio]

    package static func decode(_ body: [UInt8]) -> VoicePartnerAudioList? {
        try? JSONDecoder().decode(Self.self, from: Data(body))
    }
}
