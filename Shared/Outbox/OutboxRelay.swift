import Domain
import Foundation
import JobRuntime
import Logging
import MessageStore
import ServiceLifecycle

/// Hands `pending` messages of one channel to their queue: the safety net for messages accepted while Redis
/// was down (or whose enqueue was lost). Runs once at start, then every `interval`, until graceful shutdown.
///
/// Each pass enqueues send jobs whose id is the message id, so a message enqueued twice (the accepting
/// request and the relay, or a pass whose commit was lost) is one job. Redis errors are logged and the rows
/// are offered again next pass.
package struct OutboxRelay: Service {
    /// Enqueues a batch; returns the ids it enqueued (the others stay `pending` for a later pass).
    package typealias Enqueue = @Sendable ([StoredMessage]) async throws -> [UUID]

    let messages: MessageRepository
    let channel: Channel
    let name: String
    let enqueue: Enqueue
    let interval: Duration
    let batchSize: Int
    let minimumAge: Duration
    let events: MessageEventPublisher?
    let logger: Logger

    /// `minimumAge` leaves young rows to the request that accepted them (it enqueues right away);
    /// `batchSize` rows are locked and enqueued per transaction.
    /// The SMS relay: `sms.send` jobs on `queue`.
    package init(
        messages: MessageRepository, queue: JobQueue, interval: Duration = .seconds(5), batchSize: Int = 500,
        minimumAge: Duration = .seconds(10), events: MessageEventPublisher? = nil, logger: Logger
    ) {
        self.init(
            messages: messages, channel: .sms, name: queue.name, interval: interval, batchSize: batchSize,
            minimumAge: minimumAge, events: events, logger: logger
        ) { batch in
            // A duplicate is a job already on the queue for that message: queued either way.
            _ = try await queue.enqueue(batch.map(SMSSendJob.request(for:)))
            return batch.map(\.id)
        }
    }

    /// A relay for `channel` whose jobs `enqueue` places (`name` is for logs).
    package init(
        messages: MessageRepository, channel: Channel, name: String, interval: Duration = .seconds(5),
        batchSize: Int = 500, minimumAge: Duration = .seconds(10), events: MessageEventPublisher? = nil,
        logger: Logger, enqueue: @escaping Enqueue
    ) {
        self.messages = messages
        self.channel = channel
        self.name = name
        self.enqueue = enqueue
        self.interval = interval
        self.batchSize = max(1, batchSize)
        self.minimumAge = minimumAge
        self.events = events
        self.logger = logger
    }

    package func run() async throws {
        await repeatUntilShutdown(every: interval) { await relayAll() }
    }

    /// Relays pages until fewer than a full page of due rows is left or an error stops the pass. Returns the
    /// ids marked `queued`. Each page starts after the last row of the one before, so rows `enqueue` cannot
    /// route (they stay `pending`, and expire if that lasts) never keep newer ones from being relayed.
    @discardableResult
    package func relayAll() async -> [UUID] {
        var relayed: [UUID] = []
        var cursor: RelayCursor?
        while !Task.isCancelled {
            do {
                let page = try await relayPage(after: cursor)
                relayed += page.relayed
                cursor = page.next
                if page.scanned < batchSize { break }
            } catch {
                logger.warning(
                    "outbox relay pass failed", metadata: ["queue.name": "\(name)", "error": "\(error)"])
                break
            }
        }
        if !relayed.isEmpty {
            logger.info(
                "outbox relayed pending messages",
                metadata: ["queue.name": "\(name)", "messages.count": "\(relayed.count)"])
        }
        return relayed
    }

    /// One batch from the oldest due row: enqueues up to `batchSize` due pending messages and marks them
    /// `queued`.
    package func relayOnce() async throws(MessageStoreError) -> [UUID] {
        try await relayPage(after: nil).relayed
    }

    /// One page after `cursor`, with the `queued` events of what it relayed.
    package func relayPage(after cursor: RelayCursor?) async throws(MessageStoreError) -> RelayPage {
        var relayedMessages: [StoredMessage] = []
        let page = try await messages.relayPendingPage(
            channel: channel, limit: batchSize, minimumAge: minimumAge, after: cursor
        ) { batch in
            let enqueued = try await enqueue(batch)
            relayedMessages = batch
            return enqueued
        }
        if let events, !page.relayed.isEmpty {
            let relayed = Set(page.relayed)
            await events.publish(
                relayedMessages.filter { relayed.contains($0.id) }.map {
                    MessageStatusEvent(message: $0, status: .queued, detail: "relayed by outbox")
                })
        }
        return page
    }
}
