import Foundation
import MessageStore
import Outbox

/// A message as the API shows it (`POST /api/phone/sms`, `GET /api/messages/{id}`):
///
/// ```json
/// {"messageId":"…","jobId":"…","channel":"sms","provider":"twilio","recipient":"+33612345678","segments":1,
///  "status":"delivered","providerMessageId":"SM…","createdAt":"…","updatedAt":"…",
///  "history":[{"status":"pending","detail":"accepted","at":"…"}, …]}
/// ```
///
/// The text is not repeated (the client sent it); `history` is present on `GET` only.
struct MessageResource: Codable, Sendable {
    struct Event: Codable, Sendable {
        var status: String
        var detail: String?
        var providerCode: String?
        var at: Date
    }

    var messageId: String
    /// The send job's id on the channel's queue (`GET /api/jobs/{queue}/{jobId}`).
    var jobId: String
    var queue: String
    var channel: String
    var provider: String?
    var recipient: String
    var segments: Int
    var status: String
    var providerMessageId: String?
    var errorCode: String?
    var errorMessage: String?
    var correlationId: String?
    var scheduledAt: Date?
    var createdAt: Date
    var updatedAt: Date
    var history: [Event]?

    init(_ message: StoredMessage, history: [MessageEvent]? = nil) {
        messageId = message.id.uuidString.lowercased()
        jobId = SMSSendJob.jobID(for: message.id)
        queue = message.channel.rawValue
        channel = message.channel.rawValue
        provider = message.provider
        recipient = message.recipient.e164
        segments = message.segments
        status = message.status.rawValue
        providerMessageId = message.providerMessageID
        errorCode = message.providerErrorCode
        errorMessage = message.providerErrorMessage
        correlationId = message.correlationID
        scheduledAt = message.scheduledAt
        createdAt = message.createdAt
        updatedAt = message.updatedAt
        self.history = history?.map {
            Event(status: $0.status.rawValue, detail: $0.detail, providerCode: $0.providerCode, at: $0.at)
        }
    }
}
