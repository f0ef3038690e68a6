import JobRuntime
import Postgres
import Redis

/// Where a service finds Redis and Postgres, and how long it waits for them at start-up. Both URLs are
/// required and read as secrets (they may carry passwords); they are checked for form here (by the same
/// parsers that later connect, so a URL they refuse fails with the configuration, exit 78) and reached by
/// ``ServiceStores/open(configuration:service:logger:migrations:)``.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `AP_REDIS_URL` | required | `redis://[user:password@]host[:port][/db]` |
/// | `AP_DATABASE_URL` | required | `postgres://user[:password]@host[:port]/database[?options]` (`postgresql://` too) |
/// | `AP_REDIS_PREFIX` | `ap:` | prefix of every Redis key, 1–32 characters; no braces (hash tags) or spaces |
/// | `AP_STARTUP_TIMEOUT_SECONDS` | `60` | how long start-up waits for Redis and Postgres to answer (0.1–3600) |
/// | `AP_DATABASE_STATEMENT_TIMEOUT_SECONDS` | `30` | the server's `statement_timeout` on every connection (0.1–3600; the URL's `statement_timeout` wins) |
/// | `AP_DATABASE_QUERY_TIMEOUT_SECONDS` | `35` | how long this client waits for one statement's answer before it closes the connection (a frozen link), also the socket's `tcp_user_timeout` (0.1–3600) |
/// | `AP_DATABASE_POOL_TIMEOUT_SECONDS` | `10` | how long a request waits for a free pooled connection (0.1–3600) |
/// | `AP_REDIS_COMMAND_TIMEOUT_SECONDS` | `5` | how long one Redis command may wait for its answer before the link is dropped (a frozen link) (0.05–600) |
/// | `AP_REDIS_POOL_TIMEOUT_SECONDS` | `10` | how long a caller waits for a free pooled Redis connection (0.05–3600) |
/// | `AP_REDIS_REQUEST_TIMEOUT_SECONDS` | `0.5` | the deadline of each Redis call an HTTP request makes while it is answered (enqueue on accept): past it the request goes on without Redis (the outbox relays catch up), and for 2 s after a failure requests do not try Redis at all (0.05–60) |
/// | `AP_QUEUE_MAX_LENGTH` | `1000000` | most entries kept in a queue's stream, trimmed on every enqueue (1000–100000000) |
/// | `AP_INBOUND_MAX_LENGTH` | `100000` | the same for the `inbound` stream, which nothing consumes yet (100–100000000) |
/// | `AP_DEAD_LETTER_MAX_LENGTH` | `10000` | most dead letters kept in a queue's Redis `:dead` stream; `dead_letters` keeps all (100–10000000) |
/// | `AP_JOB_STATE_RETENTION_SECONDS` | `604800` | a job's state hash (waiting, delayed, failed) expires this long after its last change (60–31536000) |
package struct StoreConfiguration: Sendable {
    /// `AP_INBOUND_MAX_LENGTH`'s default.
    package static let defaultInboundMaxLength = 100_000

    package var redisURL: Secret
    package var databaseURL: Secret
    package var redisPrefix: String
    /// Start-up retries reaching the stores for this long, then the service exits with ``ExitCode/failure``.
    package var startupTimeout: Duration
    /// Deadlines of every Postgres call; see the table above.
    package var statementTimeout: Duration = .seconds(30)
    package var queryTimeout: Duration = .seconds(35)
    package var poolTimeout: Duration = .seconds(10)
    /// Deadlines of Redis calls; see the table above.
    package var redisCommandTimeout: Duration = .seconds(5)
    package var redisPoolTimeout: Duration = .seconds(10)
    package var redisRequestTimeout: Duration = .milliseconds(500)
    /// What every queue keeps in Redis; see the table above.
    package var queueRetention: QueueRetention = .standard
    package var inboundMaxLength = StoreConfiguration.defaultInboundMaxLength

    package init(
        redisURL: Secret, databaseURL: Secret, redisPrefix: String = "ap:", startupTimeout: Duration = .seconds(60)
    ) {
        self.redisURL = redisURL
        self.databaseURL = databaseURL
        self.redisPrefix = redisPrefix
        self.startupTimeout = startupTimeout
    }

    package init(reader: EnvironmentConfiguration) {
        self.init(
            redisURL: Self.checked(
                reader.secretURL("AP_REDIS_URL", schemes: ["redis", "redis+cluster"]), key: "AP_REDIS_URL",
                client: "Redis", reader
            ) { _ = try RedisConfiguration(url: $0) },
            databaseURL: Self.checked(
                reader.secretURL("AP_DATABASE_URL", schemes: ["postgres", "postgresql"]), key: "AP_DATABASE_URL",
                client: "Postgres", reader
            ) { _ = try PostgresConfiguration(url: $0) },
            redisPrefix: reader.string(
                "AP_REDIS_PREFIX", default: "ap:", expected: "1 to 32 characters without braces or spaces",
                isValid: { $0.count <= 32 && !$0.contains { $0 == "{" || $0 == "}" || $0.isWhitespace } }
            ),
            startupTimeout: reader.seconds("AP_STARTUP_TIMEOUT_SECONDS", default: .seconds(60), range: 0.1...3600)
        )
        statementTimeout = reader.seconds(
            "AP_DATABASE_STATEMENT_TIMEOUT_SECONDS", default: .seconds(30), range: 0.1...3600)
        queryTimeout = reader.seconds("AP_DATABASE_QUERY_TIMEOUT_SECONDS", default: .seconds(35), range: 0.1...3600)
        poolTimeout = reader.seconds("AP_DATABASE_POOL_TIMEOUT_SECONDS", default: .seconds(10), range: 0.1...3600)
        redisCommandTimeout = reader.seconds(
            "AP_REDIS_COMMAND_TIMEOUT_SECONDS", default: .seconds(5), range: 0.05...600)
        redisPoolTimeout = reader.seconds("AP_REDIS_POOL_TIMEOUT_SECONDS", default: .seconds(10), range: 0.05...3600)
        redisRequestTimeout = reader.seconds(
            "AP_REDIS_REQUEST_TIMEOUT_SECONDS", default: .milliseconds(500), range: 0.05...60)
        queueRetention = QueueRetention(
            maxLength: reader.int("AP_QUEUE_MAX_LENGTH", default: 1_000_000, range: 1000...100_000_000),
            maxDeadLetters: reader.int("AP_DEAD_LETTER_MAX_LENGTH", default: 10_000, range: 100...10_000_000),
            jobStateRetention: reader.seconds(
                "AP_JOB_STATE_RETENTION_SECONDS", default: .seconds(604_800), range: 60...31_536_000))
        inboundMaxLength = reader.int(
            "AP_INBOUND_MAX_LENGTH", default: Self.defaultInboundMaxLength, range: 100...100_000_000)
    }

    /// Runs the client's own parser on a URL that passed the generic check; its error text is dropped
    /// (the problem names the key only, like every other one).
    private static func checked(
        _ url: Secret, key: String, client: String, _ reader: EnvironmentConfiguration,
        parse: (String) throws -> Void
    ) -> Secret {
        guard !url.revealed.isEmpty else { return url }
        do {
            try parse(url.revealed)
            return url
        } catch {
            reader.report(key, .malformed, expected: "a URL the \(client) client accepts")
            return Secret("")
        }
    }
}
