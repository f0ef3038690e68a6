import Domain
import Foundation
import JobRuntime
import MessageStore
import Outbox
import Testing

/// `message.inbound` events whose publish was lost (the consumer crashed after the commit, Redis was down)
/// are published by the relay, once.
@Suite struct InboundEventRelayTests {
    @Test func anInboundMessageRecordedWithoutItsEventIsPublishedOnceByTheRelay() async throws {
        try await TestStores.with { test in
            let rows = try await test.postgres.query("insert into accounts (name) values ('Acme') returning id")
            let accountID = try rows[0].decode(UUID.self, "id")
            let store = InboundStore(pool: test.postgres)
            guard
                case .recorded(let message, _) = try await store.record(
                    NewInboundMessage(
                        accountID: accountID, channel: .sms, provider: "twilio", providerMessageID: "SMlost",
                        sender: try PhoneNumber("+33612345678"), body: "Oui", receivedAt: Date()))
            else {
                Issue.record("not recorded")
                return
            }
            let events = test.stores.queue(named: "events")
            let relay = InboundEventRelay(
                store: store, queue: events, minimumAge: .zero, logger: TestStores.quietLogger)
            #expect(await relay.relayAll() == 1)
            let job = try await events.status(of: "inbound:\(message.id.uuidString.lowercased())")
            #expect(job.name == "message.inbound" && job.state == .waiting)
            #expect(await relay.relayAll() == 0)
            #expect(try await events.stats().enqueued == 1)
        }
    }
}
