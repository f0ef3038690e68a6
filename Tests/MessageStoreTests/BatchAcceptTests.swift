import Domain
import Foundation
import MessageStore
import Postgres
import Testing

/// Accepting many messages in one transaction (a hunt run's batch): a refusal undoes that message only, behind
/// its savepoint, and nothing of the batch exists before the commit.
@Suite("Accepting a batch in one transaction", .timeLimit(.minutes(1)))
struct BatchAcceptTests {
    @Test("a refused message in the middle of a batch leaves the others, committed together with exact holds")
    func refusalsInsideABatch() async throws {
        try await StoreDatabase.withFixture(poolSize: 3) { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 5)
            try await BlockedContactStore(pool: store.pool).block(
                accountID: store.accountID, entries: [(phone: "+33699999999", reason: "opt_out")])
            var blocked = try store.sms(segments: 1, key: "b-3")
            blocked.recipient = try PhoneNumber("+33699999999")
            var outcomes: [String] = []
            try await store.pool.withTransaction { transaction in
                for message in [
                    try store.sms(segments: 2, key: "b-1"), try store.sms(segments: 4, key: "b-2"), blocked,
                    try store.sms(segments: 3, key: "b-4"),
                ] {
                    do {
                        _ = try await MessageRepository.accept(message, within: transaction)
                        outcomes.append("accepted")
                    } catch MessageStoreError.insufficientCredits {
                        outcomes.append("no credits")
                    } catch MessageStoreError.recipientBlocked {
                        outcomes.append("blocked")
                    }
                }
                // Not visible outside the transaction before the commit.
                #expect(try await store.count("select count(*) from messages") == 0)
            }
            // 2 held, then 4 > 3 left, the blocked number, then 3 of the 3 left.
            #expect(outcomes == ["accepted", "no credits", "blocked", "accepted"])
            #expect(
                try await store.count("select count(*) from messages where idempotency_key in ('b-1', 'b-4')") == 2)
            #expect(try await store.count("select count(*) from messages") == 2)
            #expect(try await store.count("select count(*) from message_events") == 2)
            let balance = try await store.credits.balance(accountID: store.accountID, channel: .sms)
            #expect(balance.held == 5 && balance.available == 0)
        }
    }
}
