import Domain
import Foundation
import Gateway
import MessageStore
import Outbox
import Testing

/// Messages that were never sent, for the tests of what ends them (session deletion, expiry, dead letters)
/// and of the invariant check.
extension MessagingFixture {
    /// The worker id the fixture's sessions are placed on (a registry row, no process).
    static let testWorker = "wa-unsent"

    /// Grants the account `amount` credits on `channel` straight in the ledger.
    func grant(_ account: MessagingAccount, _ channel: Channel, _ amount: Int) async throws {
        try await CreditLedger(pool: test.postgres).grant(accountID: account.uuid, channel: channel, amount: amount)
    }

    /// The account's balance on `channel`.
    func balance(_ account: MessagingAccount, _ channel: Channel) async throws -> CreditBalance {
        try await CreditLedger(pool: test.postgres).balance(accountID: account.uuid, channel: channel)
    }

    /// A sandbox session row of the account with `status`, on ``testWorker``.
    func whatsAppSession(_ account: MessagingAccount, status: String = "qr_required") async throws -> UUID {
        _ = try await test.postgres.execute(
            """
            insert into workers (id, instance_id, endpoint, max_sessions, status)
            values ($1, gen_random_uuid(), 'http://w:1', 5, 'online') on conflict do nothing
            """, [Self.testWorker])
        return try await test.postgres.query(
            """
            insert into wa_sessions (account_id, name, engine, status, worker_id)
            values ($1, $2, 'sandbox', $3, $4) returning id
            """, [account.uuid, "s-\(UUID().uuidString.prefix(8))", status, Self.testWorker]
        )[0].decode(UUID.self, "id")
    }

    /// A message accepted straight in the store: `pending`, no job (as when Redis was down at acceptance).
    func accept(_ account: MessagingAccount, _ channel: Channel, session: UUID? = nil) async throws -> StoredMessage {
        try await messages.accept(
            NewMessage(
                accountID: account.uuid, channel: channel, provider: "sandbox",
                recipient: try PhoneNumber(Self.e164Recipient), body: "Bonjour", segments: 1, sessionID: session)
        ).message
    }

    /// Moves the messages' acceptance (and schedule) back by `seconds`.
    func backdate(_ ids: [UUID], seconds: Int) async throws {
        _ = try await test.postgres.execute(
            """
            update messages set created_at = created_at - make_interval(secs => $2::float8),
                scheduled_at = scheduled_at - make_interval(secs => $2::float8)
            where id = any($1::uuid[])
            """, ["{" + ids.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}", Double(seconds)])
    }

    /// Whether the `message.status` event of the message entering `status` was published.
    func published(_ id: UUID, _ status: MessageStatus) async throws -> Bool {
        try await jobState("events", "\(id.uuidString.lowercased()):\(status.rawValue)") != .unknown
    }

    /// `GET /api/admin/invariants`, which must answer 200.
    func invariants() async throws -> InvariantReport {
        let response = try await client.execute(
            uri: "/api/admin/invariants", method: .get, headers: AccountAPITests.admin)
        try #require(response.status == .ok)
        return try Self.decode(InvariantReport.self, response)
    }

    /// Fails the test unless every invariant holds.
    func expectInvariantsHold(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let report = try await buildInvariantCheck(configuration: configuration, stores: test.stores).run()
        #expect(report.ok, "invariants violated: \(report.violations)", sourceLocation: sourceLocation)
    }
}
