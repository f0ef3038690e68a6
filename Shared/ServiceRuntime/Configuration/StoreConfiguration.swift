/// Where a service finds Redis and Postgres. Both URLs are required and read as secrets (they may carry
/// passwords); until a service connects at start-up they are only checked for form.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `AP_REDIS_URL` | required | `redis://[user:password@]host[:port][/db]` |
/// | `AP_DATABASE_URL` | required | `postgres://user[:password]@host[:port]/database` (`postgresql://` too) |
/// | `AP_REDIS_PREFIX` | `ap:` | prefix of every Redis key, 1–32 characters; no braces (hash tags) or spaces |
package struct StoreConfiguration: Sendable {
    package var redisURL: Secret
    package var databaseURL: Secret
    package var redisPrefix: String

    package init(redisURL: Secret, databaseURL: Secret, redisPrefix: String = "ap:") {
        self.redisURL = redisURL
        self.databaseURL = databaseURL
        self.redisPrefix = redisPrefix
    }

    package init(reader: EnvironmentConfiguration) {
        self.init(
            redisURL: reader.secretURL("AP_REDIS_URL", schemes: ["redis"]),
            databaseURL: reader.secretURL("AP_DATABASE_URL", schemes: ["postgres", "postgresql"]),
            redisPrefix: reader.string(
                "AP_REDIS_PREFIX", default: "ap:", expected: "1 to 32 characters without braces or spaces",
                isValid: { $0.count <= 32 && !$0.contains { $0 == "{" || $0 == "}" || $0.isWhitespace } }
            )
        )
    }
}
