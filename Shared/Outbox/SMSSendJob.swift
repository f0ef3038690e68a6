import Foundation
import JobRuntime
import MessageStore

/// The `sms.send` job: its name, its JSON payload `{"messageId": "<uuid>"}` and the request that enqueues
/// it on the `sms` queue with the message id as explicit job id (so a second enqueue is de-duplicated).
package struct SMSSendJob: Codable, Sendable, Hashable {
    /// The job name the `sms` queue's handler expects.
    package static let name = "sms.send"

    /// The message to send.
    package var messageId: UUID

    package init(messageId: UUID) {
        self.messageId = messageId
    }

    /// The job id of a message's send job: the message id in lower case.
    package static func jobID(for messageID: UUID) -> String {
        messageID.uuidString.lowercased()
    }

    /// The enqueue request for `message`, carrying its account and correlation id for logs; a message
    /// scheduled for later becomes a delayed job due at that time.
    package static func request(for message: StoredMessage) -> JobRequest {
        request(for: message, name: name)
    }

    /// The same request under another job name (``VoiceSendJob`` shares the payload).
    static func request(for message: StoredMessage, name: String) -> JobRequest {
        JobRequest(
            name: name, payload: SMSSendJob(messageId: message.id).encoded(), id: jobID(for: message.id),
            runAt: message.scheduledAt.map { Int64(($0.timeIntervalSince1970 * 1000).rounded(.up)) },
            correlationID: message.correlationID, accountID: message.accountID.uuidString.lowercased())
    }

    /// The JSON payload.
    package func encoded() -> [UInt8] {
        // Encoding a struct of one UUID cannot fail.
        (try? Array(JSONEncoder().encode(self))) ?? []
    }
}
