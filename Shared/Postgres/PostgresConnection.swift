import BlockingIO
import Logging

/// One Postgres connection with its own OS thread for libpq's blocking calls.
///
/// Calls are serialised on that thread in the order they are made. Most code borrows connections from a
/// ``PostgresPool``; a dedicated connection suits work that must stay on one session (advisory locks).
/// An idle link that the server closed is re-established before the next statement; a link lost during
/// a statement or transaction is reported as ``PostgresError/Kind/connectionLost`` and stays unusable.
package final class PostgresConnection: Sendable {
    package let configuration: PostgresConfiguration
    private let thread: BlockingThread
    private let handle: LibPQConnection

    private init(configuration: PostgresConfiguration, logger: Logger, name: String) {
        self.configuration = configuration
        self.thread = BlockingThread(name: name)
        self.handle = LibPQConnection(configuration: configuration, logger: logger)
    }

    deinit {
        // The closure keeps the handle alive until the thread has finished it, so PQfinish runs there.
        let handle = self.handle
        thread.submit { handle.close() }
        thread.shutdown()
    }

    /// Opens a connection (honouring ``PostgresConfiguration/connectTimeout``) and applies the session
    /// settings. `name` names the OS thread.
    package static func connect(
        configuration: PostgresConfiguration, logger: Logger, name: String = "postgres"
    ) async throws(PostgresError) -> PostgresConnection {
        let connection = PostgresConnection(configuration: configuration, logger: logger, name: name)
        try await connection.onThread { handle throws(PostgresError) in try handle.connect() }
        logger.debug("postgres connection opened", metadata: ["postgres.backend_pid": "\(connection.backendPID)"])
        return connection
    }

    // MARK: - Statements

    /// Runs one statement with `$1...$n` bound to `parameters` and returns its rows.
    ///
    /// ```swift
    /// let rows = try await connection.query("select name from accounts where id = $1", [id])
    /// ```
    package func query(_ sql: String, _ parameters: [any PostgresBindable] = []) async throws(PostgresError)
        -> PostgresQueryResult
    {
        let encoded = try PostgresEncodedParameter.encode(parameters)
        return try await onThread { handle throws(PostgresError) in try handle.execute(sql, encoded) }
    }

    /// Runs one command and returns the number of rows it affected.
    @discardableResult
    package func execute(_ sql: String, _ parameters: [any PostgresBindable] = []) async throws(PostgresError) -> Int {
        try await query(sql, parameters).rowsAffected
    }

    /// Runs several `;`-separated statements without parameters (DDL scripts, migrations). Inside an
    /// open transaction they join it; otherwise the server runs them as one implicit transaction.
    package func executeScript(_ sql: String) async throws(PostgresError) {
        _ = try await onThread { handle throws(PostgresError) in try handle.executeScript(sql) }
    }

    // MARK: - State

    /// The server process id serving this connection (0 when closed); `pg_terminate_backend` takes it.
    package var backendPID: Int32 { health.backendPID }

    /// False once the link is closed or broken; the pool then discards the connection.
    package var isUsable: Bool { health.isUsable }

    var health: PostgresConnectionHealth { handle.health.withLock { $0 } }

    /// Closes the link (sending the server a clean Terminate). Later calls fail with `connectionLost`.
    package func close() async {
        _ = try? await onThread { handle throws(PostgresError) in handle.close() }
    }

    private func onThread<Result: Sendable>(
        _ body: @escaping @Sendable (LibPQConnection) throws(PostgresError) -> Result
    ) async throws(PostgresError) -> Result {
        let handle = self.handle
        do {
            return try await thread.run { try body(handle) }
        } catch let error as PostgresError {
            throw error
        } catch {
            throw PostgresError(.connectionLost, "the connection is closed")
        }
    }
}
