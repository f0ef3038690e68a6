import Domain
import Foundation
import Postgres

extension CreditLedger {
    /// How a hold ends.
    enum Settlement: String {
        case commit
        case release
    }

    static let balanceColumns = "granted, committed, held, available"

    static func grant(
        accountID: UUID, channel: Channel, amount: Int, on connection: PostgresConnection
    ) async throws -> CreditBalance {
        let rows = try await connection.query(
            """
            insert into credit_balances (account_id, channel, granted, available) values ($1, $2, $3, $3)
            on conflict (account_id, channel) do update set
                granted = credit_balances.granted + excluded.granted,
                available = credit_balances.available + excluded.available,
                updated_at = now()
            returning \(balanceColumns)
            """,
            [accountID, channel.rawValue, amount])
        try await connection.execute(
            "insert into credit_ledger (account_id, channel, kind, amount) values ($1, $2, 'grant', $3)",
            [accountID, channel.rawValue, amount])
        guard let row = rows.first else { throw MessageStoreError.invalidRow("the grant returned no balance") }
        return try balance(row: row, accountID: accountID, channel: channel)
    }

    /// Moves `amount` from available to held for `messageID`, inside the caller's transaction, in one
    /// statement (the ledger row and the balance update together). The balance row is every accept's
    /// and every settlement's hot spot for the account: callers make this their last statement before
    /// committing, so its row lock is held for that one round trip and the commit.
    ///
    /// - Throws: ``MessageStoreError/insufficientCredits(channel:required:available:)`` without writing.
    static func hold(
        messageID: UUID, accountID: UUID, channel: Channel, amount: Int, on connection: PostgresConnection
    ) async throws {
        guard amount > 0 else { throw MessageStoreError.invalidAmount(amount) }
        let updated = try await connection.execute(
            """
            with held as (
                update credit_balances set available = available - $3, held = held + $3, updated_at = now()
                where account_id = $1 and channel = $2 and available >= $3
                returning account_id, channel
            )
            insert into credit_ledger (account_id, channel, kind, amount, message_id)
            select account_id, channel, 'hold', $3, $4::uuid from held
            """,
            [accountID, channel.rawValue, amount, messageID])
        guard updated == 1 else {
            let rows = try await connection.query(
                "select available from credit_balances where account_id = $1 and channel = $2",
                [accountID, channel.rawValue])
            let available = try rows.first?.decode(Int.self, "available") ?? 0
            throw MessageStoreError.insufficientCredits(channel: channel, required: amount, available: available)
        }
    }

    /// Commits or releases the message's hold inside the caller's transaction; false when there is no
    /// hold or it is already settled. The settlement row is inserted first: its unique index makes a
    /// concurrent second settlement wait, then insert nothing and so change no balance.
    static func settle(
        messageID: UUID, as settlement: Settlement, on connection: PostgresConnection
    ) async throws -> Bool {
        let updated = try await connection.execute(
            """
            with settled as (
                insert into credit_ledger (account_id, channel, kind, amount, message_id)
                select account_id, channel, $2::text, amount, message_id
                from credit_ledger where message_id = $1 and kind = 'hold'
                on conflict do nothing
                returning account_id, channel, amount
            )
            update credit_balances b set
                held = b.held - s.amount,
                committed = b.committed + case when $2::text = 'commit' then s.amount else 0 end,
                available = b.available + case when $2::text = 'release' then s.amount else 0 end,
                updated_at = now()
            from settled s
            where b.account_id = s.account_id and b.channel = s.channel
            """,
            [messageID, settlement.rawValue])
        return updated == 1
    }

    static func balance(row: PostgresRow, accountID: UUID, channel: Channel) throws -> CreditBalance {
        CreditBalance(
            accountID: accountID,
            channel: channel,
            granted: try row.decode(Int.self, "granted"),
            committed: try row.decode(Int.self, "committed"),
            held: try row.decode(Int.self, "held"),
            available: try row.decode(Int.self, "available"))
    }
}

extension CreditLedger {
    /// Releases the holds of `messageIDs` inside the caller's transaction (already settled ones are skipped by
    /// the settlement's unique index) and returns how many were released.
    static func releaseAll(messageIDs: [UUID], on connection: PostgresConnection) async throws -> Int {
        try await settleAll(messageIDs: messageIDs, as: .release, on: connection)
    }

    /// Commits or releases the holds of `messageIDs` inside the caller's transaction, in two statements whatever
    /// their number, and returns how many were settled. The balance rows are locked in one order first, so two
    /// callers settling for the same accounts never deadlock.
    static func settleAll(messageIDs: [UUID], as settlement: Settlement, on connection: PostgresConnection)
        async throws -> Int
    {
        guard !messageIDs.isEmpty else { return 0 }
        let ids = uuidArray(messageIDs)
        _ = try await connection.query(
            """
            select 1 from credit_balances b
            where (b.account_id, b.channel) in (
                select account_id, channel from credit_ledger where message_id = any($1::uuid[]) and kind = 'hold')
            order by b.account_id, b.channel
            for update
            """,
            [ids])
        let rows = try await connection.query(
            """
            with settled as (
                insert into credit_ledger (account_id, channel, kind, amount, message_id)
                select account_id, channel, $2::text, amount, message_id
                from credit_ledger where message_id = any($1::uuid[]) and kind = 'hold'
                on conflict do nothing
                returning account_id, channel, amount
            ), totals as (
                select account_id, channel, sum(amount)::int8 as amount, count(*)::int8 as settled
                from settled group by account_id, channel
            ), updated as (
                update credit_balances b set
                    held = b.held - t.amount,
                    committed = b.committed + case when $2::text = 'commit' then t.amount else 0 end,
                    available = b.available + case when $2::text = 'release' then t.amount else 0 end,
                    updated_at = now()
                from totals t
                where b.account_id = t.account_id and b.channel = t.channel
                returning t.settled
            )
            select coalesce(sum(settled), 0)::int8 as settled from updated
            """,
            [ids, settlement.rawValue])
        return Int(try rows.first?.decode(Int64.self, "settled") ?? 0)
    }

    /// A `uuid[]` parameter in Postgres' array text form (bind it as `$n::uuid[]`).
    static func uuidArray(_ ids: [UUID]) -> String {
        "{" + ids.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}"
    }
}
