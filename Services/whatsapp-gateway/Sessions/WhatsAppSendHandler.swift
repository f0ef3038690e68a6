import Foundation
import JobRuntime
import Logging
import MessageStore
import Outbox
import SendPipeline

/// Handles `wa.send` jobs on this worker's queue through the shared ``SendPipeline`` with
/// ``WhatsAppSendChannel``: skipped when past sending or when its session is no longer routed here (a failover
/// re-enqueued it on the new owner); waits (without using an attempt) while the session is not connected or its
/// pacing says so; then sends under the message's send lease and records `sent` (credits committed) or
/// `failed` (hold released).
struct WhatsAppSendHandler: Sendable {
    let pipeline: SendPipeline<WhatsAppSendChannel>

    func handle(_ job: Job) async throws {
        guard let id = WhatsAppSendJob.messageID(in: job.payload) else {
            throw JobFailure.permanent("the wa.send payload is not {\"messageId\": uuid}")
        }
        _ = try await pipeline.run(messageID: id, isLastAttempt: job.isLastAttempt, jobID: job.id)
    }
}
