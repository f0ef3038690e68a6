import Foundation
import Postgres

/// The `blocked_contacts` table: an account's do-not-contact list. Every send path's accept consults it
/// (``MessageRepository/accept(_:)``), so a blocked number is refused before anything is stored or held.
package struct BlockedContactStore: Sendable {
    let pool: PostgresPool

    package init(pool: PostgresPool) { self.pool = pool }

    /// Adds `entries` (E.164 numbers, each with its reason) in one statement; numbers already listed keep their
    /// first reason and time. Returns how many were new.
    package func block(accountID: UUID, entries: [(phone: String, reason: String)]) async throws(PostgresError)
        -> Int
    {
        guard !entries.isEmpty else { return 0 }
        // One JSON parameter carries thousands of numbers in a single insert.
        let rows = entries.map { ["phone": $0.phone, "reason": $0.reason] }
        let list = String(decoding: (try? JSONEncoder().encode(rows)) ?? Data("[]".utf8), as: UTF8.self)
        return try await pool.execute(
            """
            insert into blocked_contacts (account_id, phone, reason)
            select $1, phone, reason from jsonb_to_recordset($2::jsonb) as entries (phone text, reason text)
            on conflict (account_id, phone) do nothing
            """,
            [accountID, list])
    }

    /// Removes `phone`; false when it was not listed.
    package func unblock(accountID: UUID, phone: String) async throws(PostgresError) -> Bool {
        try await pool.execute(
            "delete from blocked_contacts where account_id = $1 and phone = $2", [accountID, phone]) > 0
    }

    /// The entry for `phone`, or nil.
    package func find(accountID: UUID, phone: String) async throws(PostgresError) -> BlockedContact? {
        try await select(
            "select phone, reason, created_at from blocked_contacts where account_id = $1 and phone = $2",
            [accountID, phone]
        ).first
    }

    /// A page of the list in number order, after `after` (the last number of the previous page) when given.
    package func list(accountID: UUID, limit: Int, after: String? = nil) async throws(PostgresError)
        -> [BlockedContact]
    {
        try await select(
            """
            select phone, reason, created_at from blocked_contacts
            where account_id = $1 and ($3::text is null or phone > $3)
            order by phone limit $2
            """, [accountID, limit, after])
    }

    /// How many numbers the account has blocked.
    package func count(accountID: UUID) async throws(PostgresError) -> Int {
        let rows = try await pool.query(
            "select count(*)::int8 as n from blocked_contacts where account_id = $1", [accountID])
        return Int(try rows.first?.decode(Int64.self, "n") ?? 0)
    }

    /// Whether `phone` is blocked for the account, read on the accept's own transaction.
    static func isBlocked(accountID: UUID, phone: String, on connection: PostgresConnection) async throws -> Bool {
        try await !connection.query(
            "select 1 from blocked_contacts where account_id = $1 and phone = $2", [accountID, phone]
        ).isEmpty
    }

    private func select(_ sql: String, _ parameters: [any PostgresBindable]) async throws(PostgresError)
        -> [BlockedContact]
    {
        try await pool.query(sql, parameters).map { row throws(PostgresError) in
            BlockedContact(
                phone: try row.decode(String.self, "phone"), reason: try row.decode(String.self, "reason"),
                createdAt: try row.decode(Date.self, "created_at"))
        }
    }
}
