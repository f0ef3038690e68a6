import Domain
import Foundation
import Gateway
import JobRuntime
import MessageStore
import Outbox
import Testing

/// The gateway's WhatsApp outbox relay against real Redis and Postgres: a message accepted while Redis was
/// down goes to the queue of the worker its session is routed to.
@Suite struct WhatsAppRelayTests {
    @Test func pendingMessagesGoToTheirSessionsWorkerQueue() async throws {
        try await TestStores.with { test in
            let account = try await test.postgres.query("insert into accounts (name) values ('wa') returning id")[0]
                .decode(UUID.self, "id")
            _ = try await CreditLedger(pool: test.postgres).grant(accountID: account, channel: .whatsapp, amount: 5)
            _ = try await test.postgres.execute(
                """
                insert into workers (id, instance_id, endpoint, max_sessions, status)
                values ('wa-relay', gen_random_uuid(), 'http://w:1', 5, 'online')
                """)
            func session(_ name: String) async throws -> UUID {
                try await test.postgres.query(
                    """
                    insert into wa_sessions (account_id, name, engine, status, worker_id)
                    values ($1, $2, 'sandbox', 'connected', 'wa-relay') returning id
                    """, [account, name])[0].decode(UUID.self, "id")
            }
            let routed = try await session("routed")
            let unrouted = try await session("unrouted")
            _ = try await test.redis.send(
                "HSET", "\(test.stores.redisPrefix)wa:routes", routed.uuidString.lowercased(), "wa-relay")
            let messages = MessageRepository(pool: test.postgres, logger: TestStores.quietLogger)
            func accept(_ session: UUID) async throws -> UUID {
                try await messages.accept(
                    NewMessage(
                        accountID: account, channel: .whatsapp, provider: "sandbox",
                        recipient: try PhoneNumber("+33612345678"), body: "Bonjour", segments: 1, sessionID: session)
                ).message.id
            }
            let first = try await accept(routed)
            let second = try await accept(unrouted)
            // An SMS relay pass must leave WhatsApp messages alone.
            _ = await OutboxRelay(
                messages: messages, queue: test.stores.queue(named: "sms"), minimumAge: .zero,
                logger: TestStores.quietLogger
            ).relayAll()

            let relayed = await buildWhatsAppRelay(
                stores: test.stores, logger: TestStores.quietLogger, minimumAge: .zero
            )
            .relayAll()
            #expect(relayed == [first])
            #expect(try await messages.load(id: first)?.status == .queued)
            #expect(try await messages.load(id: second)?.status == .pending)
            let queue = test.stores.queue(named: QueueName.whatsAppWorker("wa-relay").rawValue)
            let job = try await queue.status(of: first.uuidString.lowercased())
            #expect(job.state == .waiting)
            #expect(job.name == "wa.send")
            let sms = try await test.stores.queue(named: "sms").stats()
            #expect(sms.enqueued == 0)
        }
    }

    @Test func unroutableMessagesDoNotHoldBackNewerOnes() async throws {
        try await MessagingFixture.with { fixture in
            let account = try await fixture.account(credits: 0)
            try await fixture.grant(account, .whatsapp, 10)
            let unrouted = try await fixture.whatsAppSession(account)
            let routed = try await fixture.whatsAppSession(account)
            _ = try await fixture.test.redis.send(
                "HSET", "\(fixture.test.stores.redisPrefix)wa:routes", routed.uuidString.lowercased(),
                MessagingFixture.testWorker)
            // Five older messages nobody can route: more than two pages of two.
            var stuck: [UUID] = []
            for _ in 0..<5 { stuck.append(try await fixture.accept(account, .whatsapp, session: unrouted).id) }
            try await fixture.backdate(stuck, seconds: 60)
            let newer = try await fixture.accept(account, .whatsapp, session: routed)

            let relay = buildWhatsAppRelay(
                stores: fixture.test.stores, logger: TestStores.quietLogger, minimumAge: .zero, batchSize: 2)
            #expect(await relay.relayAll() == [newer.id])
            #expect(try await fixture.messages.load(id: newer.id)?.status == .queued)
            for id in stuck { #expect(try await fixture.messages.load(id: id)?.status == .pending) }
            let queue = fixture.test.stores.queue(named: QueueName.whatsAppWorker(MessagingFixture.testWorker).rawValue)
            #expect(try await queue.status(of: newer.id.uuidString.lowercased()).state == .waiting)
            // The next pass offers the stuck ones again and relays nothing new.
            #expect(await relay.relayAll().isEmpty)
        }
    }
}
