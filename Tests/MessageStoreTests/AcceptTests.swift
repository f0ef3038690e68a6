import Domain
import Foundation
import MessageStore
import Postgres
import Testing

@Suite("Accepting messages", .timeLimit(.minutes(1)))
struct AcceptTests {
    @Test("accept stores a pending row, holds one credit per segment and writes the first history row")
    func acceptHolds() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 10)
            let accepted = try await store.messages.accept(store.sms(segments: 3, key: "k-1"))
            #expect(!accepted.isReplay)
            #expect(accepted.message.status == .pending)
            #expect(accepted.message.segments == 3)
            #expect(accepted.message.recipient.e164 == "+33612345678")
            #expect(accepted.message.idempotencyKey == "k-1")
            #expect(accepted.message.correlationID == "corr-1")

            let balance = try await store.credits.balance(accountID: store.accountID, channel: .sms)
            #expect(balance.granted == 10 && balance.held == 3 && balance.available == 7 && balance.committed == 0)
            let loaded = try await store.messages.load(id: accepted.message.id)
            #expect(loaded == accepted.message)
            let history = try await store.messages.history(messageID: accepted.message.id)
            #expect(history.map(\.status) == [.pending])
            #expect(history.first?.detail == "accepted")
            // The description is safe to log: masked number, no body.
            #expect(!accepted.message.description.contains("+33612345678"))
            #expect(!accepted.message.description.contains("Bonjour"))
        }
    }

    @Test("concurrent accepts with one idempotency key store one message and one hold")
    func concurrentIdempotentAccepts() async throws {
        try await StoreDatabase.withFixture(poolSize: 4) { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 100)
            let message = try store.sms(segments: 2, key: "same-key")
            let repository = store.messages
            let results = try await withThrowingTaskGroup(of: AcceptedMessage.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await repository.accept(message) }
                }
                return try await group.reduce(into: [AcceptedMessage]()) { $0.append($1) }
            }
            #expect(Set(results.map(\.message.id)).count == 1)
            #expect(results.allSatisfy { $0.message.isSameRequest(as: message) })
            var changed = message
            changed.body = "Another text"
            let replay = try await repository.accept(changed)
            #expect(replay.isReplay && !replay.message.isSameRequest(as: changed))
            #expect(results.filter { !$0.isReplay }.count == 1)
            #expect(try await store.count("select count(*) from messages") == 1)
            #expect(try await store.count("select count(*) from credit_ledger where kind = 'hold'") == 1)
            let balance = try await store.credits.balance(accountID: store.accountID, channel: .sms)
            #expect(balance.held == 2 && balance.available == 98)

            // The same key on another account is a different message.
            let other = try await store.pool.query("insert into accounts (name) values ('Other') returning id")
            let otherID = try other[0].decode(UUID.self, "id")
            try await store.credits.grant(accountID: otherID, channel: .sms, amount: 5)
            var foreign = message
            foreign.accountID = otherID
            let second = try await repository.accept(foreign)
            #expect(!second.isReplay)
            #expect(second.message.id != results[0].message.id)
        }
    }

    @Test("insufficient credits throw a typed error and write nothing")
    func insufficientCredits() async throws {
        try await StoreDatabase.withFixture { store in
            // No balance row at all.
            await #expect {
                _ = try await store.messages.accept(store.sms(segments: 1, key: "none"))
            } throws: { error in
                guard case .insufficientCredits(.sms, 1, 0)? = error as? MessageStoreError else { return false }
                return true
            }
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 2)
            await #expect {
                _ = try await store.messages.accept(store.sms(segments: 3, key: "too-long"))
            } throws: { error in
                guard case .insufficientCredits(.sms, 3, 2)? = error as? MessageStoreError else { return false }
                return true
            }
            #expect(try await store.count("select count(*) from messages") == 0)
            #expect(try await store.count("select count(*) from message_events") == 0)
            #expect(try await store.count("select count(*) from credit_ledger where kind <> 'grant'") == 0)
            let balance = try await store.credits.balance(accountID: store.accountID, channel: .sms)
            #expect(balance.available == 2 && balance.held == 0)
            // Credits on another channel do not count.
            await #expect(throws: MessageStoreError.self) {
                var voice = try store.sms(segments: 1)
                voice.channel = .voice
                _ = try await store.messages.accept(voice)
            }
            // The failed key is free again: the row was rolled back.
            _ = try await store.messages.accept(store.sms(segments: 2, key: "too-long"))
            #expect(try await store.credits.balance(accountID: store.accountID, channel: .sms).available == 0)
        }
    }

    @Test("concurrent accepts never overspend the balance")
    func concurrentHoldsDoNotOverspend() async throws {
        try await StoreDatabase.withFixture(poolSize: 4) { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 5)
            let repository = store.messages
            let messages = try (0..<8).map { _ in try store.sms(segments: 1) }
            let accepted = await withTaskGroup(of: Bool.self) { group in
                for message in messages {
                    group.addTask { (try? await repository.accept(message)) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted == 5)
            let balance = try await store.credits.balance(accountID: store.accountID, channel: .sms)
            #expect(balance.available == 0 && balance.held == 5)
        }
    }
}
