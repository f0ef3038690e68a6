/// Where and how to reach Postgres, and how many connections to keep.
///
/// Usually parsed from a URL (see ``init(url:)``). Every new connection gets the session settings this
/// client relies on (`DateStyle=ISO`, `TimeZone=UTC`, `bytea_output=hex`, UTF-8) plus the optional
/// ``searchPath`` and ``statementTimeout``.
package struct PostgresConfiguration: Sendable, CustomStringConvertible {
    package var host: String
    package var port: Int
    package var database: String
    package var username: String
    package var password: String?
    /// Most connections a ``PostgresPool`` opens (they are opened on demand).
    package var poolSize: Int
    /// Limit for establishing one connection (libpq counts whole seconds, at least 2).
    package var connectTimeout: Duration
    /// `search_path` set on each new connection (tests use it to isolate themselves into a schema).
    package var searchPath: String?
    /// `application_name`, shown in `pg_stat_activity`.
    package var applicationName: String?
    /// `statement_timeout` set on each new connection; nil keeps the server's default.
    package var statementTimeout: Duration?
    /// Longest wait for the answer to one statement, measured by this client: past it the connection is closed
    /// and the call fails with ``PostgresError/Kind/timeout`` (a frozen link or server that the server-side
    /// `statement_timeout` cannot cover). Also the socket's `tcp_user_timeout`.
    package var queryTimeout: Duration = .seconds(35)
    /// Longest wait for a pooled connection when all are busy.
    package var acquireTimeout: Duration = .seconds(10)
    /// Further libpq connection keywords (`sslmode`, `sslrootcert`, `target_session_attrs`, ...).
    package var options: [String: String]

    package init(
        host: String = "127.0.0.1", port: Int = 5432, database: String, username: String,
        password: String? = nil, poolSize: Int = 10, connectTimeout: Duration = .seconds(5),
        searchPath: String? = nil, applicationName: String? = nil, statementTimeout: Duration? = nil,
        options: [String: String] = [:]
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.password = password
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        self.searchPath = searchPath
        self.applicationName = applicationName
        self.statementTimeout = statementTimeout
        self.options = options
    }

    /// The URL with the password masked, safe for logs.
    package var description: String {
        let credentials = password == nil ? "\(username)@" : "\(username):***@"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        var query = options.sorted { $0.key < $1.key }.map { key, value in
            key.contains("password") ? "\(key)=***" : "\(key)=\(value)"
        }
        if let searchPath { query.append("search_path=\(searchPath)") }
        if let applicationName { query.append("application_name=\(applicationName)") }
        let suffix = query.isEmpty ? "" : "?" + query.joined(separator: "&")
        return "postgres://\(credentials)\(hostPart):\(port)/\(database)\(suffix)"
    }

    /// Keyword/value pairs for `PQconnectdbParams`.
    var libpqParameters: [(String, String)] {
        let timeoutSeconds = max(
            2, Int((connectTimeout.components.seconds) + (connectTimeout.components.attoseconds > 0 ? 1 : 0)))
        var parameters: [(String, String)] = [
            ("host", host),
            ("port", String(port)),
            ("dbname", database),
            ("user", username),
            ("connect_timeout", String(timeoutSeconds)),
            ("client_encoding", "UTF8"),
        ]
        if let password { parameters.append(("password", password)) }
        if let applicationName { parameters.append(("application_name", applicationName)) }
        // A dead peer is noticed by TCP itself: keepalive probes on an idle link, and unacknowledged data
        // dropped after the query timeout (the options may override either).
        let queryMilliseconds =
            queryTimeout.components.seconds * 1000
            + queryTimeout.components.attoseconds / 1_000_000_000_000_000
        let socketDefaults = [
            ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
            ("tcp_user_timeout", String(max(1000, queryMilliseconds))),
        ]
        for (key, value) in socketDefaults where options[key] == nil {
            parameters.append((key, value))
        }
        for (key, value) in options.sorted(by: { $0.key < $1.key }) {
            parameters.append((key, value))
        }
        return parameters
    }
}
