import Domain
import Foundation
import JobRuntime
import MessageStore
import Outbox
import Redis
import Testing

/// Status changes write their history row in their own transaction; the event outbox relay publishes the rows
/// whose event never reached the `events` queue, so a Redis outage delays events but loses none.
@Suite("event outbox relay", .timeLimit(.minutes(1)))
struct EventOutboxRelayTests {
    private func eventsQueue(_ fixture: SendingFixture, redis: (any SharedRedisClient)? = nil) -> JobQueue {
        JobQueue(name: QueueName.events.rawValue, redis: redis ?? fixture.redis, prefix: fixture.prefix)
    }

    private func relay(_ fixture: SendingFixture, queue: JobQueue) -> EventOutboxRelay {
        EventOutboxRelay(messages: fixture.messages, queue: queue, minimumAge: .zero, logger: SendingFixture.logger)
    }

    @Test("changes whose events were never published are published once Redis answers, and only once")
    func lostEventsArePublishedLater() async throws {
        try await SendingFixture.run { fixture in
            // Three changes committed while nothing could publish them (Redis down, or a crash after the commit).
            let message = try await fixture.accept(provider: "twilio")
            try await fixture.messages.markQueued(id: message.id)
            try await fixture.messages.markSent(id: message.id, provider: "twilio", providerMessageID: "SM1")

            // Redis still unreachable: the pass fails and the rows stay unpublished.
            let unreachable = try RedisConfiguration(url: "redis://127.0.0.1:1/0").makeSharedClient()
            #expect(await relay(fixture, queue: eventsQueue(fixture, redis: unreachable)).relayAll() == 0)
            await unreachable.close()

            let queue = eventsQueue(fixture)
            #expect(await relay(fixture, queue: queue).relayAll() == 3)
            let id = message.id.uuidString.lowercased()
            for status in ["pending", "queued", "sent"] {
                #expect(try await queue.status(of: "\(id):\(status)").state == .waiting)
            }
            #expect(try await queue.stats().enqueued == 3)
            // Published rows are not offered again.
            #expect(await relay(fixture, queue: queue).relayAll() == 0)
        }
    }

    @Test("an event already published right after its change is not published twice")
    func publishedEventsAreNotDoubled() async throws {
        try await SendingFixture.run { fixture in
            let queue = eventsQueue(fixture)
            let publisher = MessageEventPublisher(queue: queue, logger: SendingFixture.logger)
            let message = try await fixture.accept(provider: "twilio")
            await publisher.publish(message, detail: "accepted")
            #expect(await relay(fixture, queue: queue).relayAll() == 1)
            #expect(try await queue.stats().enqueued == 1)
        }
    }
}
