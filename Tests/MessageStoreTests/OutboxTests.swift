import Foundation
import MessageStore
import Testing

@Suite("Outbox relay", .timeLimit(.minutes(1)))
struct OutboxTests {
    /// Lets each scanner continue only once both hold their batch: if the second scanner blocked on the
    /// first one's row locks (no `skip locked`), the first would wait here until the timeout and fail.
    actor Rendezvous {
        private var arrived = 0

        func arriveAndWait(parties: Int, timeout: Duration = .seconds(10)) async throws {
            arrived += 1
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while arrived < parties {
                guard clock.now < deadline else { throw RendezvousTimeout() }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    struct RendezvousTimeout: Error {}

    @Test("two concurrent relays take disjoint batches and mark them queued")
    func concurrentScannersAreDisjoint() async throws {
        try await StoreDatabase.withFixture(poolSize: 4) { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 10)
            var ids: Set<UUID> = []
            for _ in 0..<6 { ids.insert(try await store.messages.accept(store.sms()).message.id) }
            let repository = store.messages
            let rendezvous = Rendezvous()
            let batches = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await repository.relayPending(limit: 3) { batch in
                            try await rendezvous.arriveAndWait(parties: 2)
                            #expect(batch.allSatisfy { $0.status == .pending })
                            return batch.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: [[UUID]]()) { $0.append($1) }
            }
            #expect(batches.map(\.count) == [3, 3])
            #expect(Set(batches[0]).isDisjoint(with: batches[1]))
            #expect(Set(batches.joined()) == ids)
            #expect(try await store.count("select count(*) from messages where status = 'queued'") == 6)
            #expect(
                try await store.count("select count(*) from message_events where detail = 'relayed by outbox'") == 6)
            #expect(try await repository.relayPending(limit: 10) { $0.map(\.id) }.isEmpty)
        }
    }

    @Test("a failed enqueue leaves rows pending; young and future-scheduled rows wait; only returned ids are queued")
    func failedEnqueueKeepsPending() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 10)
            let first = try await store.messages.accept(store.sms()).message
            let second = try await store.messages.accept(store.sms()).message
            var later = try store.sms()
            later.scheduledAt = Date().addingTimeInterval(3600)
            _ = try await store.messages.accept(later)

            struct RedisDown: Error {}
            await #expect {
                _ = try await store.messages.relayPending(limit: 10) { _ in throw RedisDown() }
            } throws: { error in
                guard case .enqueueFailed(let cause)? = error as? MessageStoreError else { return false }
                return cause is RedisDown
            }
            #expect(try await store.count("select count(*) from messages where status = 'pending'") == 3)

            let young = try await store.messages.relayPending(limit: 10, minimumAge: .seconds(60)) { $0.map(\.id) }
            #expect(young.isEmpty)

            var offered: [UUID] = []
            let relayed = try await store.messages.relayPending(limit: 10) { batch in
                offered = batch.map(\.id)
                return [first.id]
            }
            #expect(Set(offered) == [first.id, second.id])
            #expect(relayed == [first.id])
            #expect(try await store.messages.load(id: first.id)?.status == .queued)
            #expect(try await store.messages.load(id: second.id)?.status == .pending)
        }
    }
}
