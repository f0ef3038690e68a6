import Foundation
import MessageStore
import Postgres
import Testing

/// The store side of "no message and no credit hold stuck forever": failing unsent messages with their holds
/// released, the Postgres invariants, and relay pages that step past rows nobody could route.
@Suite("Unsent messages and invariants", .timeLimit(.minutes(1)))
struct UnsentMessageStoreTests {
    private static func backdate(_ store: StoreDatabase.Fixture, _ ids: [UUID], seconds: Double) async throws {
        _ = try await store.pool.execute(
            "update messages set created_at = created_at - make_interval(secs => $2::float8) where id = any($1::uuid[])",
            ["{" + ids.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}", seconds])
    }

    @Test("expiry fails only unsent messages past it, releases their holds, and the invariants then hold")
    func expiryFailsOldUnsentMessages() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 10)
            let pending = try await store.messages.accept(store.sms(segments: 2)).message
            let queued = try await store.messages.accept(store.sms()).message
            try await store.messages.markQueued(id: queued.id)
            let sent = try await store.messages.accept(store.sms()).message
            try await store.messages.markSent(id: sent.id, provider: "sandbox", providerMessageID: "sb-1")
            let young = try await store.messages.accept(store.sms()).message
            try await Self.backdate(store, [pending.id, queued.id, sent.id], seconds: 7200)

            let check = InvariantCheck(pool: store.pool, expiry: .seconds(3600))
            let before = try #require(try await check.unsentPastExpiry())
            #expect(before.count == 2 && Set(before.sampleIds) == Set([pending.id, queued.id].map(Self.text)))

            let expired = try await store.messages.expireUnsent(olderThan: .seconds(3600), limit: 1)
            #expect(expired.map(\.id) == [pending.id])  // oldest first, one per batch
            let rest = try await store.messages.expireUnsent(olderThan: .seconds(3600), limit: 10)
            #expect(rest.map(\.id) == [queued.id])
            for message in expired + rest {
                #expect(message.status == .failed && message.providerErrorCode == "expired")
                let last = try #require(try await store.messages.history(messageID: message.id).last)
                #expect(last.status == .failed && last.providerCode == "expired")
            }
            #expect(try await store.messages.load(id: sent.id)?.status == .sent)
            #expect(try await store.messages.load(id: young.id)?.status == .pending)
            let balance = try await store.credits.balance(accountID: store.accountID, channel: .sms)
            #expect(balance.held == 1 && balance.committed == 1 && balance.available == 8)
            #expect(try await check.run().isEmpty)
            // A second failure of the same message changes nothing, releases nothing twice.
            #expect(try await store.messages.failUnsent(id: pending.id, reason: .deadLettered) == nil)
            #expect(try await store.credits.balance(accountID: store.accountID, channel: .sms).available == 8)
        }
    }

    @Test("a held balance that does not match the unsent messages' holds is reported")
    func heldCreditsMismatchIsReported() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 5)
            let message = try await store.messages.accept(store.sms()).message
            let check = InvariantCheck(pool: store.pool, expiry: .seconds(3600))
            #expect(try await check.heldCreditsMatchUnsentHolds() == nil)
            // Failed behind the ledger's back: its hold is still counted as held.
            _ = try await store.pool.execute("update messages set status = 'failed' where id = $1", [message.id])
            let violation = try #require(try await check.heldCreditsMatchUnsentHolds())
            #expect(violation.invariant == "held_credits_match_unsent_holds" && violation.count == 1)
            #expect(violation.sampleIds == ["\(Self.text(store.accountID))/sms"])
        }
    }

    @Test("a relay page that routes nothing still moves the cursor past its rows")
    func relayPagesStepPastUnroutableRows() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 5)
            var ids: [UUID] = []
            for _ in 0..<3 { ids.append(try await store.messages.accept(store.sms()).message.id) }
            let first = try await store.messages.relayPendingPage(limit: 2) { _ in [] }
            #expect(first.relayed.isEmpty && first.scanned == 2 && first.next?.id == ids[1])
            let second = try await store.messages.relayPendingPage(limit: 2, after: first.next) { $0.map(\.id) }
            #expect(second.relayed == [ids[2]] && second.scanned == 1)
            #expect(try await store.messages.load(id: ids[0])?.status == .pending)
            #expect(try await store.messages.load(id: ids[2])?.status == .queued)
        }
    }

    private static func text(_ id: UUID) -> String { id.uuidString.lowercased() }
}
