import Foundation
import Postgres

/// The runs of one account take turns: their daily counts (contacts, sender caps) are read from Postgres at the
/// start of each dispatch, so two hunts of one account running at once could both spend the last room. A
/// transaction-scoped advisory lock is released by Postgres itself on commit, rollback or a lost connection: a
/// crashed orchestrator never leaves it held. Taken by polling `pg_try_advisory_xact_lock`, so waiting honours
/// cancellation and no statement waits past `statement_timeout`.
enum AccountRunLock {
    static func holding<Result: Sendable>(
        accountID: UUID, on pool: PostgresPool, _ body: @Sendable () async throws -> Result
    ) async throws -> Result {
        try await pool.withTransaction { transaction in
            while true {
                let rows = try await transaction.query(
                    "select pg_try_advisory_xact_lock(hashtext('hunt-run:' || $1::text))", [accountID])
                if try rows.first?.decode(Bool.self, at: 0) == true { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            return try await body()
        }
    }
}
