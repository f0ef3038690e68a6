import Foundation
import OutboundHTTP

extension TwilioProvider {
    /// How far before the earlier attempt's claim a Twilio `date_created` may be (clock skew).
    static let lookupSkew: TimeInterval = 300

    /// Lists the account's messages to this recipient (`GET .../Messages.json?To=…&PageSize=50`, newest
    /// first) and looks for one with the same body created since the earlier attempt.
    package func findSent(_ message: OutboundSMS, since: Date) async -> SMSLookupResult {
        var fields = [(name: "To", value: message.recipient.e164), (name: "PageSize", value: "50")]
        if case .number(let from) = message.origin ?? configuration.defaultOrigin {
            fields.append((name: "From", value: from))
        }
        var request = OutboundRequest(
            method: .get,
            url: "\(configuration.baseURL)/2010-04-01/Accounts/\(configuration.accountSID)/Messages.json?"
                + FormURLEncoding.encode(fields),
            totalTimeout: configuration.timeout)
        request.headers.replaceOrAdd("Accept", "application/json")
        request.setBasicAuth(
            username: configuration.apiKeySID ?? configuration.accountSID, password: configuration.authToken)
        let page: TwilioMessagePage
        do {
            let response = try await client.send(request)
            guard response.isSuccess else { return .failed(reason: "Twilio answered HTTP \(response.statusCode)") }
            page = try response.decodeJSON(TwilioMessagePage.self)
        } catch {
            return .failed(reason: error.description)
        }
        let earliest = since.addingTimeInterval(-Self.lookupSkew)
        let match = page.messages.first { listed in
            listed.to == message.recipient.e164 && listed.body == message.text
                && (listed.createdAt.map { $0 >= earliest } ?? true)
        }
        return match.map { .found(providerMessageID: $0.sid) } ?? .notFound
    }
}

/// A page of Twilio's Message list: `{"messages": [{"sid", "to", "body", "date_created"}, …]}` where
/// `date_created` is an RFC 2822 date (`Mon, 23 Nov 2026 16:00:00 +0000`).
struct TwilioMessagePage: Decodable {
    struct Listed: Decodable {
        var sid: String
        var to: String?
        var body: String?
        var dateCreated: String?

        var createdAt: Date? {
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

    var messages: [Listed]
}
