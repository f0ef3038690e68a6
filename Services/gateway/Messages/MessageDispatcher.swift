import Foundation
import JobRuntime
import Logging
import MessageStore
import Outbox

/// Accepts a message and hands it to its queue (ARCHITECTURE.md "Send"):
///
/// 1. one Postgres transaction stores the `pending` row and its credit hold (the record: from here on
///    the message cannot be lost);
/// 2. the send job (`sms.send`, `voice.send`) is enqueued with the message id as its job id (a second enqueue is a no-op);
/// 3. the row becomes `queued`.
///
/// If Redis is unreachable, frozen or slower than the request deadline at step 2 (`queue` is on the
/// stores' request pool: `AP_REDIS_REQUEST_TIMEOUT_SECONDS`, then fail-fast for 2 s) the request still
/// succeeds at once with a `pending` message, and the ``OutboxRelay`` enqueues it once Redis is back. A crash between 2 and 3 leaves a `pending` row whose
/// job exists: the relay's enqueue is then a duplicate, and the job runs once.
struct MessageDispatcher: Sendable {
    let messages: MessageRepository
    let queue: JobQueue
    let events: MessageEventPublisher
    /// The send job of a message on `queue` (`sms.send`; `voice.send` for voice).
    var job: @Sendable (StoredMessage) -> JobRequest = SMSSendJob.request(for:)

    /// The stored message (new, or the earlier one for a repeated idempotency key) after dispatching.
    func dispatch(_ newMessage: NewMessage, logger: Logger) async throws -> AcceptedMessage {
        let accepted = try await messages.accept(newMessage)
        guard !accepted.isReplay else { return accepted }
        let message = accepted.message
        await events.publish(message, detail: "accepted")
        do {
            _ = try await queue.enqueue(job(message))
        } catch {
            logger.warning(
                "message accepted but not enqueued; the outbox relay will",
                metadata: ["message.id": "\(message.id)", "error": "\(error)"])
            return accepted
        }
        do {
            let queued = try await messages.markQueued(id: message.id)
            if queued.changed { await events.publish(queued.message) }
            return AcceptedMessage(message: queued.message, isReplay: false)
        } catch {
            // The job is on its queue; only the row's status lags (the relay will mark it).
            logger.warning(
                "message enqueued but not marked queued",
                metadata: ["message.id": "\(message.id)", "error": "\(error)"])
            return accepted
        }
    }
}
