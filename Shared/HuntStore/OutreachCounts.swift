import Domain
import Foundation
import Postgres

/// What was already sent today, counted in Postgres (never in memory: any number of replicas and restarts see
/// the same figures). A contact is one ad at one step, however many channels it took.
package struct OutreachCounts: Sendable {
    let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The hunt's contacts made since `since`.
    package func contacts(huntID: UUID, since: Date) async throws(HuntStoreError) -> Int {
        try await count(
            """
            select count(distinct (ad_id, hunt_step))::int from messages
            where hunt_id = $1 and created_at >= $2
            """,
            [huntID, since])
    }

    /// The account's contacts made by all its hunts since `since`.
    package func contacts(accountID: UUID, since: Date) async throws(HuntStoreError) -> Int {
        try await count(
            """
            select count(distinct (hunt_id, ad_id, hunt_step))::int from messages
            where account_id = $1 and hunt_id is not null and created_at >= $2
            """,
            [accountID, since])
    }

    /// The account's messages (hunts' and API's) on `channel` through `provider` since `since`: one sender's day.
    package func messages(accountID: UUID, channel: Channel, provider: String, since: Date)
        async throws(HuntStoreError) -> Int
    {
        try await count(
            """
            select count(*)::int from messages
            where account_id = $1 and channel = $2 and provider = $3 and created_at >= $4
            """,
            [accountID, channel.rawValue, provider, since])
    }

    private func count(_ sql: String, _ parameters: [any PostgresBindable]) async throws(HuntStoreError) -> Int {
        do {
            return try await pool.query(sql, parameters).first?.decode(Int.self, at: 0) ?? 0
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}
