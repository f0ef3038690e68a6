import Foundation
import MessageStore
import Testing

/// The send lease in Postgres: one conditional statement decides who may call the provider, by the
/// database's clock.
@Suite("send leases", .timeLimit(.minutes(1)))
struct SendLeaseTests {
    @Test("one live lease at a time; the loser learns how long it has left")
    func oneLiveLease() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 5)
            let id = try await store.messages.accept(store.sms()).message.id
            #expect(
                try await store.messages.acquireSendLease(id: id, owner: "a", duration: .seconds(30))
                    == .acquired(previousAttemptAt: nil))
            let second = try await store.messages.acquireSendLease(id: id, owner: "b", duration: .seconds(30))
            guard case .heldElsewhere(let remaining) = second else {
                Issue.record("a second lease was granted: \(second)")
                return
            }
            #expect(remaining > .seconds(25) && remaining <= .seconds(30))
            // Only the owner can give it back.
            try await store.messages.releaseSendLease(id: id, owner: "b", providerMayHaveIt: false)
            guard
                case .heldElsewhere = try await store.messages.acquireSendLease(
                    id: id, owner: "c", duration: .seconds(30))
            else {
                Issue.record("a non-owner released the lease")
                return
            }
        }
    }

    @Test("a recipient blocked after the accept is not leased: the message fails with its hold released")
    func blockedAfterAccept() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 5)
            let waiting = try await store.messages.accept(store.sms()).message.id
            let started = try await store.messages.accept(store.sms()).message.id
            // An attempt of `started` may have reached the provider before the block.
            _ = try await store.messages.acquireSendLease(id: started, owner: "a", duration: .milliseconds(1))
            _ = try await BlockedContactStore(pool: store.pool).block(
                accountID: store.accountID, entries: [(phone: "+33612345678", reason: "manual")])
            #expect(
                try await store.messages.acquireSendLease(id: waiting, owner: "b", duration: .seconds(30))
                    == .pastSending(.failed))
            let failed = try #require(try await store.messages.load(id: waiting))
            #expect(failed.status == .failed && failed.providerErrorCode == "recipient_blocked")
            // The started one goes on (asking the provider first): it may already be delivered.
            try await Task.sleep(for: .milliseconds(5))
            guard
                case .acquired(let previous) = try await store.messages.acquireSendLease(
                    id: started, owner: "c", duration: .seconds(30))
            else {
                Issue.record("the started message was not leased again")
                return
            }
            #expect(previous != nil)
            let balance = try await store.credits.balance(accountID: store.accountID, channel: .sms)
            #expect(balance.held == 1 && balance.available == 4)
        }
    }

    @Test("given back with the mark kept, the next owner is told to ask the provider; cleared, it is not")
    func markOnRelease() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 5)
            let id = try await store.messages.accept(store.sms()).message.id
            _ = try await store.messages.acquireSendLease(id: id, owner: "a", duration: .seconds(30))
            try await store.messages.releaseSendLease(id: id, owner: "a", providerMayHaveIt: true)
            guard
                case .acquired(let previous?) = try await store.messages.acquireSendLease(
                    id: id, owner: "b", duration: .seconds(30))
            else {
                Issue.record("the attempt mark was lost")
                return
            }
            #expect(abs(previous.timeIntervalSinceNow) < 60)
            try await store.messages.releaseSendLease(id: id, owner: "b", providerMayHaveIt: false)
            #expect(
                try await store.messages.acquireSendLease(id: id, owner: "c", duration: .seconds(30))
                    == .acquired(previousAttemptAt: nil))
        }
    }

    @Test("an expired lease is taken over, with the mark of the attempt that never reported")
    func expiredLease() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 5)
            let id = try await store.messages.accept(store.sms()).message.id
            _ = try await store.messages.acquireSendLease(id: id, owner: "crashed", duration: .milliseconds(300))
            var answer = try await store.messages.acquireSendLease(id: id, owner: "next", duration: .seconds(30))
            let deadline = ContinuousClock.now + .seconds(10)
            while case .heldElsewhere = answer, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                answer = try await store.messages.acquireSendLease(id: id, owner: "next", duration: .seconds(30))
            }
            guard case .acquired(.some) = answer else {
                Issue.record("expected a takeover that asks the provider, got \(answer)")
                return
            }
        }
    }

    @Test("a message past sending grants no lease")
    func pastSending() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 5)
            let id = try await store.messages.accept(store.sms()).message.id
            try await store.messages.markSent(id: id, provider: "twilio", providerMessageID: "SM1")
            #expect(
                try await store.messages.acquireSendLease(id: id, owner: "late", duration: .seconds(30))
                    == .pastSending(.sent))
        }
    }
}
