import Foundation
import JobRuntime
import Logging
import MessageStore
import ServiceLifecycle

/// Publishes `message.inbound` for inbound messages whose event the consumer could not publish (Redis down,
/// a crash right after the commit): the inbound rows are their own event outbox. Repeats are de-duplicated by
/// the job id `inbound:<id>`.
package struct InboundEventRelay: Service {
    let store: InboundStore
    let queue: JobQueue
    let interval: Duration
    let minimumAge: Duration
    let logger: Logger

    package init(
        store: InboundStore, queue: JobQueue, interval: Duration = .seconds(1), minimumAge: Duration = .seconds(5),
        logger: Logger
    ) {
        self.store = store
        self.queue = queue
        self.interval = interval
        self.minimumAge = minimumAge
        self.logger = logger
    }

    package func run() async throws {
        await repeatUntilShutdown(every: interval) { await relayAll() }
    }

    /// Publishes batches of 500 until fewer are left or an error stops the pass; returns the count.
    @discardableResult
    package func relayAll() async -> Int {
        await relayInBatches(batchSize: 500, failure: "inbound event relay pass failed", logger: logger) {
            try await store.relayUnpublished(limit: 500, minimumAge: minimumAge) { messages in
                _ = try await queue.enqueue(messages.map { InboundMessageEvent($0).request })
            }
        }
    }
}
