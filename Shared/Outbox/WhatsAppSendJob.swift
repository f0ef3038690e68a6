import Foundation
import JobRuntime
import MessageStore

/// The `wa.send` job on the queue of the worker holding the message's session (`wa:<workerId>`): payload
/// `{"messageId": "<uuid>"}`, job id = the message id, so enqueueing it twice (the request and a failover,
/// or the relay) is one job per queue, and the message row decides whether it is still to be sent.
package enum WhatsAppSendJob {
    package static let name = "wa.send"

    package static func request(for message: StoredMessage) -> JobRequest {
        JobRequest(
            name: name, payload: SMSSendJob(messageId: message.id).encoded(), id: SMSSendJob.jobID(for: message.id),
            runAt: message.scheduledAt.map { Int64(($0.timeIntervalSince1970 * 1000).rounded(.up)) },
            correlationID: message.correlationID, accountID: message.accountID.uuidString.lowercased())
    }

    /// The message id of a `wa.send` payload.
    package static func messageID(in payload: [UInt8]) -> UUID? {
        (try? JSONDecoder().decode(SMSSendJob.self, from: Data(payload)))?.messageId
    }
}
