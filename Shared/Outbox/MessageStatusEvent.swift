import Foundation
import MessageStore

/// A message status change as published on the `events` queue (job name `message.status`):
///
/// ```json
/// {"messageId":"…","accountId":"…","channel":"sms","status":"delivered","providerCode":"30003",
///  "detail":"…","at":"2026-11-23T10:00:00Z"}
/// ```
///
/// Consumers (customer webhooks, the dashboard) read it; the message row stays the record.
package struct MessageStatusEvent: Codable, Sendable, Hashable {
    /// The job name on the `events` queue.
    package static let name = "message.status"

    package var messageId: String
    package var accountId: String
    package var channel: String
    package var status: String
    package var providerCode: String?
    package var detail: String?
    package var at: Date

    /// The event of `message` entering `status` (default: the status it has).
    package init(
        message: StoredMessage, status: MessageStatus? = nil, providerCode: String? = nil, detail: String? = nil,
        at: Date = Date()
    ) {
        messageId = message.id.uuidString.lowercased()
        accountId = message.accountID.uuidString.lowercased()
        channel = message.channel.rawValue
        self.status = (status ?? message.status).rawValue
        self.providerCode = providerCode
        self.detail = detail
        self.at = at
    }

    package init(
        messageId: String, accountId: String, channel: String, status: String, providerCode: String?,
        detail: String?, at: Date
    ) {
        self.messageId = messageId
        self.accountId = accountId
        self.channel = channel
        self.status = status
        self.providerCode = providerCode
        self.detail = detail
        self.at = at
    }

    /// The job id: one event per message and status, so publishing a change twice (a retried request or
    /// job) is de-duplicated by the queue.
    package var jobID: String { "\(messageId):\(status)" }

    /// The JSON payload (ISO 8601 dates).
    package func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return (try? Array(encoder.encode(self))) ?? []
    }

    /// Reads a payload written by ``encoded()``.
    package static func decode(_ payload: [UInt8]) -> MessageStatusEvent? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(MessageStatusEvent.self, from: Data(payload))
    }
}
