import Foundation

/// `POST /v1/campaign/send` (PROVIDERS.md §2.2): one ringless voicemail campaign, a pre-recorded audio
/// (`tokenAudio`) dropped on up to ``maxNumbers`` numbers at once. The API key travels in the body.
package struct VoicePartnerDropRequest: Sendable, Equatable {
    /// Voice Partner's limit per request (code 50 beyond it).
    package static let maxNumbers = 500
    package static let path = "/campaign/send"

    package var apiKey: String
    package var tokenAudio: String
    /// E.164 numbers; at most ``maxNumbers``.
    package var phoneNumbers: [String]
    /// A validated mobile number the recipient can call back.
    package var sender: String?
    package var scheduledAt: Date?
    package var notifyURL: String?
    package var emailForNotification: String?

    package init(
        apiKey: String, tokenAudio: String, phoneNumbers: [String], sender: String? = nil, scheduledAt: Date? = nil,
        notifyURL: String? = nil, emailForNotification: String? = nil
    ) {
        self.apiKey = apiKey
        self.tokenAudio = tokenAudio
        self.phoneNumbers = phoneNumbers
        self.sender = sender
        self.scheduledAt = scheduledAt
        self.notifyURL = notifyURL
        self.emailForNotification = emailForNotification
    }

    /// The JSON body; nil when there are no numbers or more than ``maxNumbers``.
    package func body() -> [UInt8]? {
        guard !phoneNumbers.isEmpty, phoneNumbers.count <= Self.maxNumbers else { return nil }
        var fields: [String: String] = [
            "apiKey": apiKey, "tokenAudio": tokenAudio, "phoneNumbers": phoneNumbers.joined(separator: ","),
        ]
        fields["sender"] = sender
        fields["scheduledDate"] = scheduledAt.map(VoicePartnerDate.format)
        fields["notifyUrl"] = notifyURL
        fields["emailForNotification"] = emailForNotification
        return VoicePartnerJSON.encode(fields)
    }
}

/// `POST /v1/tts/send` (PROVIDERS.md §2.3): a text-to-speech call read in `lang` at `speechRate` (0.5–2).
package struct VoicePartnerTTSRequest: Sendable, Equatable {
    package static let path = "/tts/send"
    package static let speechRates: ClosedRange<Double> = 0.5...2

    package var apiKey: String
    package var text: String
    package var lang: String
    package var speechRate: Double?
    package var phoneNumbers: [String]
    package var scheduledAt: Date?
    package var notifyURL: String?

    package init(
        apiKey: String, text: String, lang: String, speechRate: Double? = nil, phoneNumbers: [String],
        scheduledAt: Date? = nil, notifyURL: String? = nil
    ) {
        self.apiKey = apiKey
        self.text = text
        self.lang = lang
        self.speechRate = speechRate
        self.phoneNumbers = phoneNumbers
        self.scheduledAt = scheduledAt
        self.notifyURL = notifyURL
    }

    /// The JSON body; nil without numbers, beyond the drop limit, or with a rate outside 0.5–2.
    package func body() -> [UInt8]? {
        guard !phoneNumbers.isEmpty, phoneNumbers.count <= VoicePartnerDropRequest.maxNumbers else { return nil }
        if let speechRate, !Self.speechRates.contains(speechRate) { return nil }
        var fields: [String: String] = [
            "apiKey": apiKey, "text": text, "lang": lang, "phoneNumbers": phoneNumbers.joined(separator: ","),
        ]
        // The table names it speechRate (the doc's curl says "speed"): PROVIDERS.md §2.3 says send speechRate.
        fields["speechRate"] = speechRate.map { String($0) }
        fields["scheduledDate"] = scheduledAt.map(VoicePartnerDate.format)
        fields["notifyUrl"] = notifyURL
        return VoicePartnerJSON.encode(fields)
    }
}

/// `scheduledDate` is `YYYY-mm-dd HH:mm:00` on Voice Partner's clock, which is French (Europe/Paris): the
/// documentation gives no zone, and the platform is French.
package enum VoicePartnerDate {
    package static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 1970)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):00"
    }
}

enum VoicePartnerJSON {
    static func encode(_ fields: [String: String]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(fields))) ?? []
    }
}
