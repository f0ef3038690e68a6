import Foundation
import JobRuntime
import MessageStore

/// `sms.received` on the `inbound` queue: an SMS a contact sent to an account, from a provider's webhook
/// (SMSMobileAPI's `sms.received` event, Twilio's incoming message). The job id is derived from the
/// provider's id, so a webhook delivered twice yields one job.
package struct InboundSMSJob: Codable, Sendable, Equatable {
    package static let name = "sms.received"

    package var accountId: String
    /// `smsmobileapi` or `twilio`.
    package var provider: String
    /// SMSMobileAPI's event id, Twilio's `MessageSid`.
    package var providerMessageId: String
    /// The contact's number as the provider wrote it (normalised by the consumer).
    package var from: String
    package var text: String
    /// An MMS attachment (Twilio `MediaUrl0`), as a reference.
    package var media: InboundMedia?
    package var receivedAt: Date

    package init(
        accountId: String, provider: String, providerMessageId: String, from: String, text: String,
        media: InboundMedia? = nil, receivedAt: Date
    ) {
        self.accountId = accountId
        self.provider = provider
        self.providerMessageId = providerMessageId
        self.from = from
        self.text = text
        self.media = media
        self.receivedAt = receivedAt
    }

    /// `<provider>:<id>`.
    package static func jobID(provider: String, providerMessageID: String) -> String {
        "\(provider):\(providerMessageID)"
    }

    package func request() -> JobRequest {
        JobRequest(
            name: Self.name, payload: InboundJobCoding.encode(self),
            id: Self.jobID(provider: provider, providerMessageID: providerMessageId), accountID: accountId)
    }
}

/// The JSON both inbound jobs use: ISO 8601 dates with milliseconds (a conversation interleaves replies
/// with sends by time, and whole seconds would put a reply before the message it answers), sorted keys.
/// Dates without fractional seconds are read too.
package enum InboundJobCoding {
    package static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(withFractions))
        }
        encoder.outputFormatting = [.sortedKeys]
        return (try? Array(encoder.encode(value))) ?? []
    }

    package static func decode<Value: Decodable>(_ type: Value.Type, _ payload: [UInt8]) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            if let date = try? Date(text, strategy: withFractions) ?? Date(text, strategy: .iso8601) { return date }
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 date"))
        }
        return try decoder.decode(type, from: Data(payload))
    }

    private static let withFractions = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
