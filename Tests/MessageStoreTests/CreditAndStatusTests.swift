import Domain
import Foundation
import MessageStore
import Postgres
import Testing

@Suite("Credits and status changes", .timeLimit(.minutes(1)))
struct CreditAndStatusTests {
    @Test("sending commits the hold, a permanent failure releases it, and settling twice changes nothing")
    func commitAndRelease() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 10)
            let sent = try await store.messages.accept(store.sms(segments: 3)).message
            let failed = try await store.messages.accept(store.sms(segments: 2)).message

            let result = try await store.messages.markSent(id: sent.id, provider: "twilio", providerMessageID: "SM1")
            #expect(result.changed)
            #expect(result.message.status == .sent)
            #expect(result.message.provider == "twilio" && result.message.providerMessageID == "SM1")
            var balance = try await store.credits.balance(accountID: store.accountID, channel: .sms)
            #expect(balance.committed == 3 && balance.held == 2 && balance.available == 5)

            let failure = try await store.messages.markFailed(
                id: failed.id, errorCode: "21211", errorMessage: "invalid")
            #expect(failure.changed)
            #expect(failure.message.status == .failed)
            #expect(failure.message.providerErrorCode == "21211")
            #expect(failure.message.providerErrorMessage == "invalid")
            balance = try await store.credits.balance(accountID: store.accountID, channel: .sms)
            #expect(balance.committed == 3 && balance.held == 0 && balance.available == 7 && balance.granted == 10)

            #expect(try await store.credits.commit(messageID: sent.id) == false)
            #expect(try await store.credits.release(messageID: sent.id) == false)
            #expect(try await store.credits.commit(messageID: failed.id) == false)
            #expect(try await store.credits.balance(accountID: store.accountID, channel: .sms) == balance)

            let kinds = try await store.pool.query(
                "select kind, amount from credit_ledger where message_id is not null order by id"
            ).map { "\(try $0.decode(String.self, "kind")):\(try $0.decode(Int.self, "amount"))" }
            #expect(kinds == ["hold:3", "hold:2", "commit:3", "release:2"])

            let granted = try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 4)
            #expect(granted.granted == 14 && granted.available == 11)
            await #expect(throws: MessageStoreError.self) {
                try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 0)
            }
        }
    }

    @Test("marking a sent message sent again is a no-op that says so")
    func doubleSent() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 5)
            let message = try await store.messages.accept(store.sms(segments: 2)).message
            let first = try await store.messages.markSent(id: message.id, provider: "twilio", providerMessageID: "SM9")
            let second = try await store.messages.markSent(
                id: message.id, provider: "twilio", providerMessageID: "SM10")
            #expect(first.changed)
            #expect(!second.changed)
            #expect(second.message.providerMessageID == "SM9")
            #expect(second.message.status == .sent)
            let balance = try await store.credits.balance(accountID: store.accountID, channel: .sms)
            #expect(balance.committed == 2 && balance.held == 0 && balance.available == 3)
            let history = try await store.messages.history(messageID: message.id)
            #expect(history.map(\.status) == [.pending, .sent])
        }
    }

    @Test("status only moves forward; history records each change with the provider's code")
    func forwardOnlyWithHistory() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 5)
            let message = try await store.messages.accept(store.sms()).message
            #expect(try await store.messages.markQueued(id: message.id).changed)
            try await store.messages.markSent(id: message.id, provider: "smsmobileapi", providerMessageID: "p-1")
            #expect(try await store.messages.markQueued(id: message.id).changed == false)
            await #expect {
                try await store.messages.cancel(id: message.id)
            } throws: { error in
                guard case .invalidTransition(.sent, .cancelled)? = error as? MessageStoreError else { return false }
                return true
            }

            let delivered = try await store.messages.recordProviderStatus(
                provider: "smsmobileapi", providerMessageID: "p-1", status: .delivered, providerCode: "DELIVRD",
                detail: "delivered to handset")
            #expect(delivered.changed && delivered.message.status == .delivered)
            // A late retry of the sender cannot move a delivered message back.
            let late = try await store.messages.markSent(
                id: message.id, provider: "smsmobileapi", providerMessageID: "p-1")
            #expect(!late.changed && late.message.status == .delivered)
            await #expect(throws: MessageStoreError.self) {
                try await store.messages.recordProviderStatus(
                    provider: "smsmobileapi", providerMessageID: "p-1", status: .undelivered, providerCode: "UNDELIV",
                    detail: nil)
            }
            await #expect {
                try await store.messages.recordProviderStatus(
                    provider: "smsmobileapi", providerMessageID: "unknown", status: .delivered, providerCode: nil,
                    detail: nil)
            } throws: { error in
                guard case .messageNotFound? = error as? MessageStoreError else { return false }
                return true
            }

            let history = try await store.messages.history(messageID: message.id)
            #expect(history.map(\.status) == [.pending, .queued, .sent, .delivered])
            #expect(history.last?.providerCode == "DELIVRD")
            #expect(history.last?.detail == "delivered to handset")
            #expect(try await store.messages.load(id: message.id)?.status == .delivered)
            #expect(try await store.credits.balance(accountID: store.accountID, channel: .sms).committed == 1)
            // The database itself refuses an unknown status.
            await #expect(throws: PostgresError.self) {
                try await store.pool.execute("update messages set status = 'lost' where id = $1", [message.id])
            }
        }
    }

    @Test("an undelivered callback keeps the provider's error code; a failure after sending keeps the credits")
    func callbacksAfterSending() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 5)
            let first = try await store.messages.accept(store.sms()).message
            let second = try await store.messages.accept(store.sms()).message
            try await store.messages.markSent(id: first.id, provider: "twilio", providerMessageID: "SMa")
            try await store.messages.markSent(id: second.id, provider: "twilio", providerMessageID: "SMb")
            let undelivered = try await store.messages.recordProviderStatus(
                provider: "twilio", providerMessageID: "SMa", status: .undelivered, providerCode: "30003",
                detail: "unreachable")
            #expect(undelivered.message.status == .undelivered)
            #expect(undelivered.message.providerErrorCode == "30003")
            let failed = try await store.messages.markFailed(id: second.id, errorCode: "30008", errorMessage: nil)
            #expect(failed.message.status == .failed)
            let balance = try await store.credits.balance(accountID: store.accountID, channel: .sms)
            #expect(balance.committed == 2 && balance.held == 0 && balance.available == 3)
        }
    }

    @Test("cancelling a pending message releases its hold; unknown ids are reported")
    func cancelReleases() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 4)
            let message = try await store.messages.accept(store.sms(segments: 4)).message
            #expect(try await store.credits.balance(accountID: store.accountID, channel: .sms).available == 0)
            #expect(try await store.messages.cancel(id: message.id).message.status == .cancelled)
            #expect(try await store.credits.balance(accountID: store.accountID, channel: .sms).available == 4)
            await #expect(throws: MessageStoreError.self) {
                try await store.messages.markSent(id: message.id, provider: "twilio", providerMessageID: "x")
            }
            #expect(try await store.messages.load(id: UUID()) == nil)
            await #expect(throws: MessageStoreError.self) { try await store.messages.markQueued(id: UUID()) }
        }
    }
}

@Suite("Messaging schema", .timeLimit(.minutes(1)))
struct MessagingSchemaTests {
    @Test("deleting an account removes its messages, history, credits and ledger; a message alone cannot go")
    func accountDeletionCascades() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 3)
            let message = try await store.messages.accept(store.sms()).message
            try await store.messages.markSent(id: message.id, provider: "twilio", providerMessageID: "SMz")
            await #expect(throws: PostgresError.self) {
                try await store.pool.execute("delete from messages where id = $1", [message.id])
            }
            try await store.pool.execute("delete from accounts where id = $1", [store.accountID])
            for table in ["messages", "message_events", "credit_balances", "credit_ledger"] {
                #expect(try await store.count("select count(*) from \(table)") == 0, "\(table) kept rows")
            }
        }
    }

    @Test("the pending-outbox and provider-id indexes exist and a provider id belongs to one message")
    func indexes() async throws {
        try await StoreDatabase.withFixture { store in
            let names = try await store.pool.query(
                "select indexname from pg_indexes where schemaname = current_schema() and tablename = 'messages'"
            ).map { try $0.decode(String.self, at: 0) }
            #expect(Set(names).isSuperset(of: ["messages_pending_idx", "messages_provider_message_id_idx"]))

            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 3)
            let first = try await store.messages.accept(store.sms()).message
            let second = try await store.messages.accept(store.sms()).message
            try await store.messages.markSent(id: first.id, provider: "twilio", providerMessageID: "dup")
            await #expect(throws: MessageStoreError.self) {
                try await store.messages.markSent(id: second.id, provider: "twilio", providerMessageID: "dup")
            }
            // The refused write rolled back whole: still pending, hold intact.
            #expect(try await store.messages.load(id: second.id)?.status == .pending)
            #expect(try await store.credits.balance(accountID: store.accountID, channel: .sms).held == 1)
        }
    }
}
