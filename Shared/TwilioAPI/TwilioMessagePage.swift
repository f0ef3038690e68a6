import Foundation

/// A page of Twilio's Message list (`GET …/Messages.json?To=…`): `{"messages": [{"sid", "to", "body",
/// "date_created"}, …]}`, `date_created` an RFC 2822 date (`Mon, 23 Nov 2026 16:00:00 +0000`). The SMS sender
/// and the WhatsApp worker read it to find a message an interrupted attempt may already have sent.
package struct TwilioMessagePage: Decodable, Sendable {
    package struct Listed: Decodable, Sendable {
        package var sid: String
        package var to: String?
        package var body: String?
        package var dateCreated: String?

        package var createdAt: Date? {
            guard let dateCreated else { return nil }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
            return formatter.date(from: dateCreated)
        }

        private enum CodingKeys: String, CodingKey {
            case sid, to, body
            case dateCreated = "date_created"
        }
    }

    /// How far before the interrupted attempt's claim a `date_created` may be (clock skew).
    package static let lookupSkew: TimeInterval = 300

    package var messages: [Listed]

    /// The newest message to `to` created since `since` (less the skew) whose body is `body` (any body
    /// when nil: media and templates have none to compare).
    package func sent(to: String, body: String?, since: Date) -> Listed? {
        let earliest = since.addingTimeInterval(-Self.lookupSkew)
        return messages.first { listed in
            listed.to == to && (body == nil || listed.body == body) && (listed.createdAt.map { $0 >= earliest } ?? true)
        }
    }
}
