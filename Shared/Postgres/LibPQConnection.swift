import CLibPQ
import Logging
import Synchronization

/// The one owner of a `PGconn*`. Not thread-safe by itself: every method runs on the owning
/// ``PostgresConnection``'s thread. Only ``health`` may be read from elsewhere.
final class LibPQConnection: @unchecked Sendable {
    private var connection: OpaquePointer?
    let configuration: PostgresConfiguration
    private let logger: Logger
    /// A snapshot refreshed after every call, so the pool can judge a connection without a thread hop.
    let health = Mutex(PostgresConnectionHealth.closed)

    init(configuration: PostgresConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    deinit {
        if let connection { PQfinish(connection) }
    }

    // MARK: - Lifecycle

    func connect() throws(PostgresError) {
        let opened = Self.withCStrings(configuration.libpqParameters) { keywords, values in
            PQconnectdbParams(keywords, values, 0)
        }
        guard let opened else { throw PostgresError(.connectionFailed, "libpq could not allocate a connection") }
        guard PQstatus(opened) == CONNECTION_OK else {
            let error = Self.connectFailure(opened)
            PQfinish(opened)
            throw error
        }
        clibpq_silence_notices(opened)
        connection = opened
        do {
            try setUpSession()
        } catch {
            close()
            throw error
        }
        refreshHealth()
    }

    func close() {
        if let connection { PQfinish(connection) }
        connection = nil
        refreshHealth()
    }

    // MARK: - Statements

    /// Runs one statement with `$n` parameters (extended protocol, text format).
    func execute(_ sql: String, _ parameters: [PostgresEncodedParameter]) throws(PostgresError) -> PostgresQueryResult {
        let connection = try readyConnection()
        defer { refreshHealth() }
        let result = try awaitResult(on: connection) {
            Self.withParameterArrays(parameters) { count, types, values in
                PQsendQueryParams(connection, sql, count, types, values, nil, nil, 0)
            }
        }
        return try consume(result, on: connection)
    }

    /// Runs one or more `;`-separated statements without parameters (simple protocol).
    func executeScript(_ sql: String) throws(PostgresError) -> PostgresQueryResult {
        let connection = try readyConnection()
        defer { refreshHealth() }
        return try consume(try awaitResult(on: connection) { PQsendQuery(connection, sql) }, on: connection)
    }

    /// Settings this client's encoders and decoders rely on, plus the configured per-session ones.
    private func setUpSession() throws(PostgresError) {
        guard let connection else { throw PostgresError(.connectionLost, "the connection is closed") }
        var sql =
            "select pg_catalog.set_config('DateStyle', 'ISO', false), pg_catalog.set_config('TimeZone', 'UTC', false), "
            + "pg_catalog.set_config('bytea_output', 'hex', false)"
        var parameters: [PostgresEncodedParameter] = []
        if let searchPath = configuration.searchPath {
            parameters.append(PostgresEncodedParameter(text: searchPath, typeOID: 0))
            sql += ", pg_catalog.set_config('search_path', $\(parameters.count), false)"
        }
        if let timeout = configuration.statementTimeout {
            let milliseconds =
                timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
            parameters.append(PostgresEncodedParameter(text: String(max(1, milliseconds)), typeOID: 0))
            sql += ", pg_catalog.set_config('statement_timeout', $\(parameters.count), false)"
        }
        let result = try awaitResult(on: connection) {
            Self.withParameterArrays(parameters) { count, types, values in
                PQsendQueryParams(connection, sql, count, types, values, nil, nil, 0)
            }
        }
        _ = try consume(result, on: connection)
    }

    /// Before each statement: notices a server-side close of an idle link (the server sends FATAL and
    /// EOF to a terminated backend) and reconnects, which is safe because no transaction was open and
    /// nothing has been sent yet. A link lost mid-transaction is reported, never silently replaced.
    private func readyConnection() throws(PostgresError) -> OpaquePointer {
        guard let connection else { throw PostgresError(.connectionLost, "the connection is closed") }
        guard PQstatus(connection) == CONNECTION_OK else {
            throw PostgresError(.connectionLost, "the connection was lost earlier and cannot be reused")
        }
        let wasIdle = PQtransactionStatus(connection) == PQTRANS_IDLE
        var rounds = 0
        while rounds < 4, clibpq_socket_readable(connection) != 0 {
            rounds += 1
            if PQconsumeInput(connection) == 0 { break }
        }
        // LISTEN is not supported; drop any notifications so they do not pile up.
        while let notification = PQnotifies(connection) { PQfreemem(notification) }
        guard PQstatus(connection) != CONNECTION_OK else { return connection }
        guard wasIdle else {
            refreshHealth()
            throw PostgresError(.connectionLost, "the server closed the connection during a transaction")
        }
        logger.info("postgres connection closed by the server while idle, reconnecting")
        PQreset(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            refreshHealth()
            throw Self.connectFailure(connection)
        }
        try setUpSession()
        refreshHealth()
        return connection
    }

    // MARK: - Results

    private func consume(_ result: OpaquePointer?, on connection: OpaquePointer) throws(PostgresError)
        -> PostgresQueryResult
    {
        guard let result else {
            let message = PostgresError.libpqMessage(String(cString: PQerrorMessage(connection)), fallback: "no result")
            throw PostgresError(PQstatus(connection) == CONNECTION_OK ? .server : .connectionLost, message)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY, PGRES_TUPLES_OK:
            return Self.rows(of: result)
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
            throw Self.serverError(result, connectionLost: PQstatus(connection) != CONNECTION_OK)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            // The link is now in COPY mode, which this client cannot leave cleanly: drop it.
            close()
            throw PostgresError(.unsupported, "COPY is not supported; the connection was closed")
        default:
            throw PostgresError(.unsupported, "unexpected result status \(PQresultStatus(result).rawValue)")
        }
    }

    private static func rows(of result: OpaquePointer) -> PostgresQueryResult {
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let names = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        let columns = PostgresColumns(names: names)
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                values.append(
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column)))
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        return PostgresQueryResult(
            rows: rows,
            columnNames: names,
            rowsAffected: Int(String(cString: PQcmdTuples(result))) ?? 0,
            commandTag: String(cString: PQcmdStatus(result))
        )
    }

    private static func serverError(_ result: OpaquePointer, connectionLost: Bool) -> PostgresError {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        let sqlState = field(clibpq_diag_sqlstate())
        // Errors raised by libpq itself (link lost) have no fields; their text never quotes values.
        // Server errors use the primary message only: DETAIL may quote row values.
        let primary =
            field(clibpq_diag_message_primary())
            ?? (sqlState == nil
                ? PostgresError.libpqMessage(
                    String(cString: PQresultErrorMessage(result)), fallback: "the statement failed")
                : "the server reported an error")
        return .server(
            sqlState: sqlState, primaryMessage: primary, constraint: field(clibpq_diag_constraint_name()),
            connectionLost: connectionLost)
    }

    private static func connectFailure(_ connection: OpaquePointer) -> PostgresError {
        let message = PostgresError.libpqMessage(
            String(cString: PQerrorMessage(connection)), fallback: "connection failed")
        return PostgresError(message.contains("timeout expired") ? .timeout : .connectionFailed, message)
    }

    private func refreshHealth() {
        let snapshot: PostgresConnectionHealth
        if let connection {
            snapshot = PostgresConnectionHealth(
                isUsable: PQstatus(connection) == CONNECTION_OK,
                transaction: PostgresConnectionHealth.Transaction(PQtransactionStatus(connection)),
                backendPID: PQbackendPID(connection)
            )
        } else {
            snapshot = .closed
        }
        health.withLock { $0 = snapshot }
    }
}
