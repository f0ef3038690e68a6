import Foundation
import JobRuntime
import LocalStubServer
import Logging
import MessageStore
import Outbox
import Redis
import ServiceLifecycle
import Testing

@testable import SMSSender

@Suite("Outbox relay onto the sms queue", .timeLimit(.minutes(1)))
struct OutboxRelayTests {
    @Test("pending rows become sms.send jobs keyed by message id; a second pass enqueues nothing twice")
    func relaysOnce() async throws {
        try await SendingFixture.run { fixture in
            var ids: Set<UUID> = []
            for _ in 0..<5 { ids.insert(try await fixture.accept(provider: "sandbox").id) }
            let queue = fixture.queue
            let relay = OutboxRelay(
                messages: fixture.messages, queue: queue, batchSize: 2, minimumAge: .zero,
                logger: SendingFixture.logger)

            #expect(Set(await relay.relayAll()) == ids)
            #expect(try await queue.stats().waiting == 5)
            for id in ids {
                #expect(try await fixture.messages.load(id: id)?.status == .queued)
                let status = try await queue.status(of: SMSSendJob.jobID(for: id))
                #expect(status.state == .waiting)
                #expect(status.name == SMSSendJob.name)
            }
            #expect(await relay.relayAll().isEmpty)

            // A pass whose commit was lost after enqueueing leaves the row pending: the next pass finds the
            // job already there and only marks the row.
            let lost = try #require(ids.first)
            _ = try await fixture.pool.execute("update messages set status = 'pending' where id = $1", [lost])
            #expect(await relay.relayAll() == [lost])
            let stats = try await queue.stats()
            #expect(stats.enqueued == 5)
            #expect(stats.waiting == 5)
        }
    }

    @Test("with Redis unreachable rows stay pending; the service relays at start and stops on shutdown")
    func redisDownThenService() async throws {
        try await SendingFixture.run { fixture in
            let message = try await fixture.accept(provider: "sandbox")
            let unreachable = try RedisPool(
                configuration: RedisConfiguration(url: "redis://127.0.0.1:\(closedLocalPort())/0", poolSize: 1))
            let down = OutboxRelay(
                messages: fixture.messages, queue: JobQueue(name: "sms", redis: unreachable, prefix: fixture.prefix),
                minimumAge: .zero, logger: SendingFixture.logger)
            #expect(await down.relayAll().isEmpty)
            #expect(try await fixture.messages.load(id: message.id)?.status == .pending)
            await unreachable.close()

            let relay = OutboxRelay(
                messages: fixture.messages, queue: fixture.queue, interval: .seconds(30), minimumAge: .zero,
                logger: SendingFixture.logger)
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [.init(service: relay)], gracefulShutdownSignals: [], logger: SendingFixture.logger))
            let running = Task { try await group.run() }
            let relayed = try await eventually(timeout: .seconds(10)) {
                try await fixture.messages.load(id: message.id)?.status == .queued
            }
            #expect(relayed)
            let clock = ContinuousClock()
            let start = clock.now
            await group.triggerGracefulShutdown()
            try await running.value
            // The 30 s wait between passes is cut short by the shutdown.
            #expect(clock.now - start < .seconds(5))
            #expect(try await fixture.queue.status(of: SMSSendJob.jobID(for: message.id)).state == .waiting)
        }
    }
}
