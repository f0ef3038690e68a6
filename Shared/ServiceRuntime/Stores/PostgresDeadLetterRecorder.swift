import Foundation
import JobRuntime
import Postgres

/// Mirrors dead letters into the `dead_letters` table, where they outlive Redis and can be listed by
/// account or time. Give it to a `JobWorker` as its `deadLetterRecorder`.
///
/// Idempotent: a letter already recorded (same queue, job id and failure time, as when a worker retries
/// after a lost reply) is not inserted twice.
package struct PostgresDeadLetterRecorder: DeadLetterRecorder {
    package let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    package func record(_ letter: DeadLetter) async throws {
        try await insert(letter)
    }

    /// Inserts `letter` unless it is there already; returns whether a row was added.
    @discardableResult
    package func insert(_ letter: DeadLetter) async throws(PostgresError) -> Bool {
        let failedAt = Date(timeIntervalSince1970: Double(letter.failedAt) / 1000)
        let inserted = try await pool.execute(
            """
            insert into dead_letters
                (queue, job_id, job_name, attempts, payload, error, correlation_id, account_id, failed_at,
                 dead_letter_id)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            on conflict (queue, job_id, failed_at) do nothing
            """,
            [
                letter.queue, letter.jobID, letter.name, letter.attempts, letter.payload, letter.error,
                letter.correlationID, letter.accountID, failedAt, letter.deadLetterID,
            ])
        return inserted > 0
    }

    /// Stamps `replayed_at` on the job's dead letters not yet marked replayed; returns how many rows.
    @discardableResult
    package func markReplayed(queue: String, jobID: String) async throws(PostgresError) -> Int {
        try await pool.execute(
            "update dead_letters set replayed_at = now() where queue = $1 and job_id = $2 and replayed_at is null",
            [queue, jobID])
    }
}
