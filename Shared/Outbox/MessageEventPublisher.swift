import JobRuntime
import Logging
import MessageStore

/// Emits message status changes on the `events` queue, after the change is committed in Postgres.
///
/// Publishing is best effort: the history row is the record, and an event lost to a Redis outage or a
/// crash between the commit and the enqueue is not re-sent (consumers that must not miss one read the
/// message's history). Each event's job id is `<messageId>:<status>`, so repeating a change never
/// publishes it twice.
package struct MessageEventPublisher: Sendable {
    let queue: JobQueue
    let logger: Logger

    package init(queue: JobQueue, logger: Logger) {
        self.queue = queue
        self.logger = logger
    }

    /// Publishes the status `message` now has.
    package func publish(_ message: StoredMessage, providerCode: String? = nil, detail: String? = nil) async {
        await publish([MessageStatusEvent(message: message, providerCode: providerCode, detail: detail)])
    }

    /// Publishes several events in one round trip.
    package func publish(_ events: [MessageStatusEvent]) async {
        guard !events.isEmpty else { return }
        let requests = events.map { event in
            JobRequest(
                name: MessageStatusEvent.name, payload: event.encoded(), id: event.jobID,
                accountID: event.accountId)
        }
        do {
            _ = try await queue.enqueue(requests)
        } catch {
            logger.warning(
                "message status events not published",
                metadata: ["events.count": "\(events.count)", "error": "\(error)"])
        }
    }
}
