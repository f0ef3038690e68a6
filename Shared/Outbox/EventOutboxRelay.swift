import Foundation
import JobRuntime
import Logging
import MessageStore
import ServiceLifecycle

/// Relays the status history to the `events` queue: every change writes its history row in its own
/// transaction, and this relay publishes the rows not yet published (`message.status`, job id
/// `<messageId>:<status>`), so an event whose publish was lost (Redis down, a crash right after the commit)
/// arrives late but arrives. Events that were published right away are de-duplicated by their job id. Safe
/// with several gateways: each locks disjoint rows.
package struct EventOutboxRelay: Service {
    let messages: MessageRepository
    let queue: JobQueue
    let interval: Duration
    let minimumAge: Duration
    let batchSize: Int
    let logger: Logger

    package init(
        messages: MessageRepository, queue: JobQueue, interval: Duration = .seconds(1),
        minimumAge: Duration = .seconds(5), batchSize: Int = 500, logger: Logger
    ) {
        self.messages = messages
        self.queue = queue
        self.interval = interval
        self.minimumAge = minimumAge
        self.batchSize = max(1, batchSize)
        self.logger = logger
    }

    package func run() async throws {
        await repeatUntilShutdown(every: interval) { await relayAll() }
    }

    /// Publishes batches until fewer than a full one is left or an error stops the pass; returns the count.
    @discardableResult
    package func relayAll() async -> Int {
        await relayInBatches(batchSize: batchSize, failure: "event outbox relay pass failed", logger: logger) {
            try await messages.relayUnpublishedEvents(limit: batchSize, minimumAge: minimumAge) { events in
                _ = try await queue.enqueue(events.map(Self.request(for:)))
            }
        }
    }

    static func request(for event: HistoryEvent) -> JobRequest {
        let status = MessageStatusEvent(
            messageId: event.messageID.uuidString.lowercased(), accountId: event.accountID.uuidString.lowercased(),
            channel: event.channel.rawValue, status: event.status.rawValue, providerCode: event.providerCode,
            detail: event.detail, at: event.at)
        return JobRequest(
            name: MessageStatusEvent.name, payload: status.encoded(), id: status.jobID, accountID: status.accountId)
    }
}
