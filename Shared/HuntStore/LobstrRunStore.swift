import Foundation
import LobstrAPI
import Postgres

/// Lobstr runs and their ingestion: a webhook records a run once (its id is the key), the scraping job stores
/// it page by page (``storePage(accountID:runID:page:)``, in `LobstrRunStore+Pages`), then completes it.
package struct LobstrRunStore: Sendable {
    let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Records a run Lobstr reported with `status` (`pending` for `run.done`, `error` for `run.error`); false
    /// when the run was already known (a repeated webhook), which changes nothing.
    package func record(
        accountID: UUID, runID: String, squidID: String?, status: LobstrRun.Status, error: String? = nil
    ) async throws(HuntStoreError) -> Bool {
        do {
            return try await pool.execute(
                """
                insert into lobstr_runs (account_id, run_id, squid_id, status, error) values ($1, $2, $3, $4, $5)
                on conflict (account_id, run_id) do nothing
                """,
                [accountID, runID, squidID, status.rawValue, error]) == 1
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    package func find(accountID: UUID, runID: String) async throws(HuntStoreError) -> LobstrRun? {
        do {
            let rows = try await pool.query(
                "select \(LobstrRun.columns) from lobstr_runs where account_id = $1 and run_id = $2",
                [accountID, runID])
            return try rows.first.map { row throws(HuntStoreError) in try LobstrRun(row: row) }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// Every page is stored: the run is `done`, and the hunts its squid feeds get `last_scan_at` now. Returns
    /// how many hunts that was (0 when the run was not pending).
    @discardableResult
    package func complete(accountID: UUID, runID: String) async throws(HuntStoreError) -> Int {
        do {
            return try await pool.withTransaction { transaction in
                let rows = try await transaction.query(
                    """
                    update lobstr_runs set status = 'done', completed_at = now(), updated_at = now()
                    where account_id = $1 and run_id = $2 and status = 'pending'
                    returning squid_id
                    """,
                    [accountID, runID])
                guard let row = rows.first else { return 0 }
                guard let squid = try row.decode(String?.self, "squid_id") else { return 0 }
                return try await transaction.execute(
                    """
                    update hunts set last_scan_at = now(), updated_at = now()
                    where account_id = $1 and squid_id = $2
                    """,
                    [accountID, squid])
            }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// The run's results cannot be read (`reason` names no key): it is `error`.
    package func fail(accountID: UUID, runID: String, reason: String) async throws(HuntStoreError) {
        do {
            try await pool.execute(
                """
                update lobstr_runs set status = 'error', error = $3, updated_at = now()
                where account_id = $1 and run_id = $2 and status = 'pending'
                """,
                [accountID, runID, reason])
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// Pending runs reported at least `age` ago, oldest first: the relay enqueues their scraping job again (an
    /// enqueue lost to a Redis outage, or a job dead-lettered).
    package func pending(olderThan age: Duration, limit: Int) async throws(HuntStoreError) -> [LobstrRun] {
        do {
            let rows = try await pool.query(
                """
                select \(LobstrRun.columns) from lobstr_runs
                where status = 'pending' and updated_at <= now() - $1 * interval '1 second'
                order by received_at limit $2
                """,
                [Double(age.components.seconds), max(1, limit)])
            return try rows.map { row throws(HuntStoreError) in try LobstrRun(row: row) }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}
