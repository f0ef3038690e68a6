import Logging
import Synchronization

/// A bounded set of ``PostgresConnection``s shared by the tasks of a process.
///
/// Connections open on demand up to ``PostgresConfiguration/poolSize``; further borrowers queue in
/// arrival order. A connection that comes back broken (server restart, `pg_terminate_backend`) is closed
/// and its slot reopened for the next borrower; one left inside a transaction is rolled back first.
package final class PostgresPool: Sendable {
    typealias Waiter = CheckedContinuation<PostgresPoolLease<PostgresConnection>, any Error>
    typealias State = PostgresPoolState<PostgresConnection, Waiter>

    package let configuration: PostgresConfiguration
    let logger: Logger
    let state: Mutex<State>
    let nextID = Atomic<UInt64>(0)

    package init(configuration: PostgresConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(State(capacity: configuration.poolSize))
    }

    // MARK: - Borrowing

    /// Borrows a connection for the duration of `body` (waiting while all are busy).
    package func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await acquire()
        let result: Result
        do {
            result = try await body(connection)
        } catch {
            await release(connection)
            throw error
        }
        await release(connection)
        return result
    }

    /// Runs `body` in a transaction on one borrowed connection: `COMMIT` when it returns, `ROLLBACK`
    /// when it throws. See ``PostgresConnection/withTransaction(_:isolation:_:)``.
    package func withTransaction<Result>(
        _ level: PostgresIsolationLevel = .serverDefault,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.withTransaction(level) { transaction in try await body(transaction) }
        }
    }

    // MARK: - Statements

    /// Runs one statement on any connection.
    ///
    /// ```swift
    /// let keys = try await pool.query("select id from api_keys where account_id = $1", [accountID])
    /// ```
    package func query(_ sql: String, _ parameters: [any PostgresBindable] = []) async throws(PostgresError)
        -> PostgresQueryResult
    {
        let connection = try await acquire()
        do {
            let result = try await connection.query(sql, parameters)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }

    /// Runs one command on any connection and returns the number of rows it affected.
    @discardableResult
    package func execute(_ sql: String, _ parameters: [any PostgresBindable] = []) async throws(PostgresError) -> Int {
        try await query(sql, parameters).rowsAffected
    }

    /// A round trip (`select 1`) for readiness checks.
    package func ping() async throws(PostgresError) {
        _ = try await query("select 1")
    }

    // MARK: - Lifecycle

    /// Connection counts, for metrics and tests.
    package var statistics: PostgresPoolStatistics {
        state.withLock { PostgresPoolStatistics(open: $0.open, idle: $0.idle.count, waiting: $0.waiting) }
    }

    /// Refuses new work: waiting borrowers get ``PostgresError/Kind/poolClosed``, idle connections close
    /// now and borrowed ones when they are returned.
    package func close() async {
        let (waiters, idle) = state.withLock { $0.close() }
        for waiter in waiters {
            waiter.resume(throwing: PostgresError(.poolClosed, "the pool was closed while waiting for a connection"))
        }
        for connection in idle { await connection.close() }
    }
}
