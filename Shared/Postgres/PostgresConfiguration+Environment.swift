extension PostgresConfiguration {
    /// Reads the configuration from environment variables.
    ///
    /// - `DATABASE_URL` (required): see ``init(url:)``
    /// - `DATABASE_POOL_SIZE`: most pooled connections (default 10, or the URL's `pool_size`)
    /// - `DATABASE_CONNECT_TIMEOUT_MS`: connect timeout in milliseconds (default 5000)
    /// - `DATABASE_STATEMENT_TIMEOUT_MS`: `statement_timeout` per connection (default: the server's)
    /// - `DATABASE_APPLICATION_NAME`: `application_name` (default: the URL's, else none)
    ///
    /// Fails fast with ``PostgresError/Kind/invalidConfiguration`` naming the key, never its value.
    package init(environment: [String: String]) throws(PostgresError) {
        guard let url = environment["DATABASE_URL"], !url.isEmpty else {
            throw PostgresError(.invalidConfiguration, "DATABASE_URL is required")
        }
        try self.init(url: url)
        if let size = try Self.positiveInteger(environment, "DATABASE_POOL_SIZE") {
            poolSize = size
        }
        if let milliseconds = try Self.positiveInteger(environment, "DATABASE_CONNECT_TIMEOUT_MS") {
            connectTimeout = .milliseconds(milliseconds)
        }
        if let milliseconds = try Self.positiveInteger(environment, "DATABASE_STATEMENT_TIMEOUT_MS") {
            statementTimeout = .milliseconds(milliseconds)
        }
        if let name = environment["DATABASE_APPLICATION_NAME"], !name.isEmpty {
            applicationName = name
        }
    }

    private static func positiveInteger(_ environment: [String: String], _ key: String) throws(PostgresError) -> Int? {
        guard let text = environment[key] else { return nil }
        guard let value = Int(text), value > 0 else {
            throw PostgresError(.invalidConfiguration, "\(key) must be a positive integer")
        }
        return value
    }
}
