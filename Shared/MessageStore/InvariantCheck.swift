import Foundation
import Postgres

/// The Postgres half of the invariant check (the Redis half, queued messages without a job, is
/// `MessageInvariantCheck` in `Outbox`). Each check is one statement, so it reads one consistent snapshot.
package struct InvariantCheck: Sendable {
    /// How many ids a violation lists.
    package static let sampleSize = 10

    let pool: PostgresPool
    /// How old an unsent message may get (the expiry plus the sweeper's interval: a message just past the
    /// expiry waits for the next sweep).
    let expiry: Duration

    package init(pool: PostgresPool, expiry: Duration) {
        self.pool = pool
        self.expiry = expiry
    }

    /// Both Postgres invariants; the violated ones.
    package func run() async throws(MessageStoreError) -> [InvariantViolation] {
        [try await unsentPastExpiry(), try await heldCreditsMatchUnsentHolds()].compactMap { $0 }
    }

    /// Unsent messages older than the expiry (by the later of acceptance and schedule).
    package func unsentPastExpiry() async throws(MessageStoreError) -> InvariantViolation? {
        try await violation(
            .unsentPastExpiry,
            """
            select id::text as sample, count(*) over ()::int8 as total from messages
            where status in ('pending', 'queued')
                and greatest(created_at, scheduled_at) < now() - make_interval(secs => $1::float8)
            order by created_at limit $2
            """,
            [expiry.postgresSeconds, Self.sampleSize])
    }

    /// Balances whose `held` differs from the sum of the holds of their account's unsent messages on that
    /// channel: a hold left on a final message, or an unsent message whose hold is gone.
    package func heldCreditsMatchUnsentHolds() async throws(MessageStoreError) -> InvariantViolation? {
        try await violation(
            .heldCreditsMatchUnsentHolds,
            """
            with unsent as (
                select h.account_id, h.channel, sum(h.amount)::int8 as amount
                from credit_ledger h join messages m on m.id = h.message_id
                where h.kind = 'hold' and m.status in ('pending', 'queued')
                group by h.account_id, h.channel
            )
            select coalesce(b.account_id, u.account_id)::text || '/' || coalesce(b.channel, u.channel) as sample,
                count(*) over ()::int8 as total
            from credit_balances b
            full join unsent u on u.account_id = b.account_id and u.channel = b.channel
            where coalesce(b.held, 0) <> coalesce(u.amount, 0)
            order by 1 limit $1
            """,
            [Self.sampleSize])
    }

    /// Up to `limit` `queued` messages, oldest first: the candidates of the job check. A voice message that
    /// joined its campaign is not one: its `voice.send` job is done, and the campaign row holds it until sent.
    package func queuedMessages(limit: Int) async throws(MessageStoreError) -> [StoredMessage] {
        do {
            let rows = try await pool.query(
                """
                select \(StoredMessage.columns) from messages
                where status = 'queued' and voice_campaign_id is null order by created_at limit $1
                """,
                [max(1, limit)])
            return try rows.map { row throws(MessageStoreError) in try StoredMessage(row: row) }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Which of `ids` are still `queued` (a candidate that moved on meanwhile is no violation).
    package func stillQueued(_ ids: [UUID]) async throws(MessageStoreError) -> [UUID] {
        guard !ids.isEmpty else { return [] }
        do {
            let rows = try await pool.query(
                """
                select id from messages
                where id = any($1::uuid[]) and status = 'queued' and voice_campaign_id is null order by created_at
                """,
                [CreditLedger.uuidArray(ids)])
            return try rows.map { try $0.decode(UUID.self, "id") }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Runs a query whose rows carry `sample` (an id) and `total` (the count of all matches).
    private func violation(
        _ name: InvariantName, _ sql: String, _ parameters: [any PostgresBindable]
    ) async throws(MessageStoreError) -> InvariantViolation? {
        do {
            let rows = try await pool.query(sql, parameters)
            guard let first = rows.first else { return nil }
            return InvariantViolation(
                invariant: name, count: Int(try first.decode(Int64.self, "total")),
                sampleIds: try rows.map { try $0.decode(String.self, "sample") })
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }
}
