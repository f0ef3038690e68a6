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
package struct MessageResource: Codable, Sendable {
    package struct Event: Codable, Sendable {
        package var status: String
        package var detail: String?
        package var providerCode: String?
        package var at: Date
    }

    package var messageId: String
    /// The send job's id on the channel's queue (`GET /api/jobs/{queue}/{jobId}`).
    package var jobId: String
    package var queue: String
    package var channel: String
    package var provider: String?
    package var recipient: String
    package var segments: Int
    package var status: String
    package var providerMessageId: String?
    package var errorCode: String?
    package var errorMessage: String?
    package var correlationId: String?
    package var scheduledAt: Date?
    package var createdAt: Date
    package var updatedAt: Date
    package var history: [Event]?
    /// A voice message's campaign (`GET /api/messages/{id}` only): Voice Partner's aggregate of the request
    /// that carried it.
    package var campaign: VoiceCampaignResource?

    package init(_ message: StoredMessage, history: [MessageEvent]? = nil) {
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
