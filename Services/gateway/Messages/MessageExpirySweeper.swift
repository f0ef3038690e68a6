import Logging
import MessageStore
import Outbox
import ServiceLifecycle

/// Fails the messages that waited too long to be sent: every `interval`, each unsent (`pending` or
/// `queued`) message of any channel older than `expiry` (by the later of acceptance and schedule) becomes
/// `failed` with code `expired`, its credit hold released and its `message.status` event published. A
/// WhatsApp message whose session never connects, or an SMS whose job was lost, ends this way instead of
/// holding credits forever.
///
/// Safe with several gateways: each batch locks its rows with `for update skip locked`, so replicas sweep
/// disjoint messages and never wait on a sender holding one.
package struct MessageExpirySweeper: Service {
    let messages: MessageRepository
    let events: MessageEventPublisher
    let expiry: Duration
    let interval: Duration
    let batchSize: Int
    let logger: Logger

    package init(
        messages: MessageRepository, events: MessageEventPublisher, expiry: Duration, interval: Duration,
        batchSize: Int = 500, logger: Logger
    ) {
        self.messages = messages
        self.events = events
        self.expiry = expiry
        self.interval = interval
        self.batchSize = max(1, batchSize)
        self.logger = logger
    }

    package func run() async throws {
        await repeatUntilShutdown(every: interval) { await sweep() }
    }

    /// One pass: expires batches until fewer than a full batch is due or an error stops it; returns the
    /// messages it failed.
    @discardableResult
    package func sweep() async -> [StoredMessage] {
        var expired: [StoredMessage] = []
        while !Task.isCancelled {
            do {
                let batch = try await messages.expireUnsent(olderThan: expiry, limit: batchSize)
                await events.publish(
                    batch.map {
                        MessageStatusEvent(
                            message: $0, providerCode: UnsentFailure.expired.rawValue,
                            detail: UnsentFailure.expired.explanation)
                    })
                expired += batch
                if batch.count < batchSize { break }
            } catch {
                logger.warning("message expiry pass failed", metadata: ["error": "\(error)"])
                break
            }
        }
        if !expired.isEmpty {
            logger.info("expired unsent messages", metadata: ["messages.count": "\(expired.count)"])
        }
        return expired
    }
}
