import Logging
import Redis
import ServiceLifecycle
import Synchronization

/// What a ``StreamFanOut`` subscriber receives.
package enum FanOutMessage: Sendable, Equatable {
    /// An entry of the stream on the subscriber's topic.
    case entry(RedisStreamEntry)
    /// Nothing happened for a keep-alive interval (lets a Server-Sent Events writer notice a client that left).
    case keepAlive
}

/// One reader of a Redis stream for the whole process, fanned out to many subscribers.
///
/// A single task on one dedicated connection (one OS thread, one Redis client; on a cluster, to the node that
/// owns the stream's slot) blocks on `XREAD`
/// from the stream's newest entry on, maps each entry to a topic once (`topic`, e.g. its session id) and hands
/// it to that topic's subscribers through bounded buffers (`bufferSize`). A subscriber whose buffer is full is
/// dropped (its stream ends; the client reconnects): a slow client never blocks the reader or the others. An
/// account holds at most `maxStreamsPerAccount` subscriptions at once.
///
/// As a `Service`: graceful shutdown ends every subscriber's stream at once, refuses new ones, and stops the
/// reader after its current block (at most `block`).
package final class StreamFanOut: Service, Sendable, CustomStringConvertible {
    package typealias Sink = AsyncStream<FanOutMessage>.Continuation

    package let streamKey: String
    package let bufferSize: Int
    package let keepAlive: Duration
    package let block: Duration
    private let connection: any BlockingRedisClient
    private let topic: @Sendable (RedisStreamEntry) -> String?
    private let book: Mutex<SubscriberBook<Sink>>
    private let logger: Logger

    package init(
        redis: any SharedRedisClient, streamKey: String, maxStreamsPerAccount: Int, bufferSize: Int = 64,
        keepAlive: Duration = .seconds(5), block: Duration = .seconds(1), logger: Logger,
        topic: @escaping @Sendable (RedisStreamEntry) -> String?
    ) {
        self.connection = redis.dedicatedConnection(forKey: streamKey, name: "events-fan-out")
        self.streamKey = streamKey
        self.bufferSize = max(1, bufferSize)
        self.keepAlive = keepAlive
        self.block = block
        self.topic = topic
        self.book = Mutex(SubscriberBook(maxPerAccount: maxStreamsPerAccount))
        self.logger = logger
    }

    package var description: String { "StreamFanOut(\(streamKey))" }

    /// Subscribers now, all topics (for tests and diagnostics).
    package var subscriberCount: Int { book.withLock { $0.count } }

    // MARK: Subscribing

    /// A subscription to `topic` on behalf of `account`, or why not: the account holds its maximum already, or
    /// the fan-out is shutting down.
    package func subscribe(topic: String, account: String) -> Result<FanOutSubscription, SubscriptionRefusal> {
        let (messages, sink) = AsyncStream.makeStream(
            of: FanOutMessage.self, bufferingPolicy: .bufferingOldest(bufferSize))
        let added = book.withLock { $0.add(topic: topic, account: account, sink: sink) }
        switch added {
        case .failure(let refusal):
            sink.finish()
            return .failure(refusal)
        case .success(let id):
            sink.onTermination = { [weak self] _ in self?.remove(id) }
            return .success(FanOutSubscription(messages: messages) { [weak self] in self?.remove(id) })
        }
    }

    /// The most streams one account may hold at once.
    package var maxStreamsPerAccount: Int { book.withLock { $0.maxPerAccount } }

    /// Removes a subscriber and ends its stream (outside the lock: finishing runs `onTermination`).
    private func remove(_ id: Int) {
        book.withLock { $0.remove(id) }?.finish()
    }

    /// Ends every stream and refuses new ones.
    private func close() {
        for sink in book.withLock({ $0.close() }) { sink.finish() }
    }

    // MARK: Reading

    package func run() async throws {
        await withGracefulShutdownHandler {
            await readUntilClosed()
        } onGracefulShutdown: {
            self.close()
        }
        close()
        await connection.disconnect()
    }

    private func readUntilClosed() async {
        var last: String?
        var lastKeepAlive = ContinuousClock.now
        var failing = false
        while !Task.isCancelled, !book.withLock({ $0.isClosed }) {
            do {
                let from: String
                if let known = last { from = known } else { from = try await newestID() }
                last = from
                let milliseconds = Int(block / .milliseconds(1))
                let reply = try await connection.pipeline(
                    [RedisCommand("XREAD", "BLOCK", max(1, milliseconds), "COUNT", 500, "STREAMS", streamKey, from)],
                    blockingFor: block)
                for entry in try reply[0].orThrow().streamReadEntries {
                    last = entry.id
                    deliver(entry)
                }
                if failing { logger.info("Event stream reader reconnected", metadata: ["stream.name": "\(streamKey)"]) }
                failing = false
            } catch {
                if !failing {
                    logger.warning(
                        "Event stream reader failed; retrying",
                        metadata: ["stream.name": "\(streamKey)", "error.message": "\(error)"])
                }
                failing = true
                try? await Task.sleep(for: .seconds(1))
            }
            if ContinuousClock.now - lastKeepAlive >= keepAlive {
                lastKeepAlive = .now
                broadcastKeepAlive()
            }
        }
    }

    /// The id of the stream's newest entry (`0-0` when it is empty): reading goes on from there, so nothing
    /// added between two reads is missed (as re-reading from `$` would).
    private func newestID() async throws -> String {
        let reply = try await connection.pipeline([RedisCommand("XREVRANGE", streamKey, "+", "-", "COUNT", 1)])
        return try reply[0].orThrow().streamRangeEntries.first?.id ?? "0-0"
    }

    private func deliver(_ entry: RedisStreamEntry) {
        guard let topic = topic(entry) else { return }
        for (id, sink) in book.withLock({ $0.sinks(topic: topic) }) {
            offer(.entry(entry), to: sink, id: id)
        }
    }

    private func broadcastKeepAlive() {
        for (id, sink) in book.withLock({ $0.allSinks() }) { offer(.keepAlive, to: sink, id: id) }
    }

    private func offer(_ message: FanOutMessage, to sink: Sink, id: Int) {
        switch sink.yield(message) {
        case .enqueued: break
        case .dropped:
            logger.warning(
                "Slow event stream subscriber dropped",
                metadata: ["stream.name": "\(streamKey)", "buffer.size": .stringConvertible(bufferSize)])
            remove(id)
        case .terminated: remove(id)
        @unknown default: remove(id)
        }
    }
}

/// One subscriber's messages. Ending it (``cancel()``, or releasing the last reference) frees its place, the
/// account's slot included; the fan-out may also end it (a full buffer, shutdown).
package final class FanOutSubscription: Sendable {
    package let messages: AsyncStream<FanOutMessage>
    private let onCancel: @Sendable () -> Void

    init(messages: AsyncStream<FanOutMessage>, onCancel: @escaping @Sendable () -> Void) {
        self.messages = messages
        self.onCancel = onCancel
    }

    deinit { onCancel() }

    /// Ends the stream and releases the subscription (idempotent).
    package func cancel() { onCancel() }
}
