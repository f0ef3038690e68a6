import Foundation
import JobRuntime
import Postgres

/// Reads the dead letters mirrored into `dead_letters` (by ``PostgresDeadLetterRecorder``): what the dead-letter
/// views and the account queue stats show, through indexes, however long the Redis `:dead` stream is (or after
/// it was trimmed). Only letters not replayed yet count, as in the `:dead` stream.
package struct DeadLetterArchive: Sendable {
    package let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    private static let columns = """
        coalesce(dead_letter_id, '') as dead_letter_id, queue, job_id, job_name, attempts, error,
        (extract(epoch from failed_at) * 1000)::int8 as failed_ms, correlation_id, account_id, payload
        """

    /// The queue's unreplayed letters, newest first; only `account`'s when given.
    package func letters(queue: String, account: String? = nil, limit: Int) async throws(PostgresError)
        -> [DeadLetter]
    {
        // Two statements rather than one with an optional filter, so each plans on its own index.
        var sql = "select \(Self.columns) from dead_letters where queue = $1 and replayed_at is null"
        var parameters: [any PostgresBindable] = [queue, max(1, limit)]
        if let account {
            sql += " and account_id = $3"
            parameters.append(account)
        }
        let rows = try await pool.query(sql + " order by failed_at desc, id desc limit $2", parameters)
        return try rows.map(Self.letter(from:))
    }

    /// How many unreplayed letters `account` has in the queue.
    package func count(queue: String, account: String) async throws(PostgresError) -> Int {
        let rows = try await pool.query(
            """
            select count(*)::int8 as n from dead_letters
            where account_id = $1 and queue = $2 and replayed_at is null
            """, [account, queue])
        return Int(try rows.first?.decode(Int64.self, "n") ?? 0)
    }

    /// The unreplayed letter with this `:dead` stream id, or nil (only `account`'s when given).
    package func letter(queue: String, deadLetterID: String, account: String? = nil) async throws(PostgresError)
        -> DeadLetter?
    {
        let rows = try await pool.query(
            """
            select \(Self.columns) from dead_letters
            where queue = $1 and dead_letter_id = $2 and replayed_at is null and ($3::text is null or account_id = $3)
            order by failed_at desc limit 1
            """, [queue, deadLetterID, account])
        return try rows.first.map(Self.letter(from:))
    }

    private static func letter(from row: PostgresRow) throws(PostgresError) -> DeadLetter {
        DeadLetter(
            deadLetterID: try row.decode(String.self, "dead_letter_id"), queue: try row.decode(String.self, "queue"),
            jobID: try row.decode(String.self, "job_id"), name: try row.decode(String.self, "job_name"),
            attempts: try row.decode(Int.self, "attempts"), error: try row.decode(String.self, "error"),
            failedAt: try row.decode(Int64.self, "failed_ms"),
            correlationID: try row.decode(String?.self, "correlation_id"),
            accountID: try row.decode(String?.self, "account_id"), payload: try row.decode([UInt8].self, "payload"))
    }
}
