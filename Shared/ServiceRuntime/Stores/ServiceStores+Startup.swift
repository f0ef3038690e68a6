import Logging
import Postgres
import Redis
import Schema

extension ServiceStores {
    /// Opens both pools (Postgres `application_name` = `service` unless the URL names one), waits until Redis
    /// answers PING and applies the schema migrations (every service does; the migrator's advisory lock makes
    /// concurrent starts safe).
    ///
    /// Stores that cannot be reached yet (a compose stack starting, a database restarting) are retried with
    /// growing pauses until ``StoreConfiguration/startupTimeout`` has passed; then `Stores not reachable within
    /// the start-up timeout` is logged and the last error thrown (the launcher exits with
    /// ``ExitCode/failure``). Any other error (bad credentials refused by Redis, an edited migration) is thrown
    /// at once. Errors are the stores' own: `RedisError`, `PostgresError`, `MigrationError`.
    package static func open(
        configuration: StoreConfiguration, service: String, logger: Logger, migrations: [Migration] = Migration.all
    ) async throws -> ServiceStores {
        var redisConfiguration = try RedisConfiguration(url: configuration.redisURL.revealed)
        var postgresConfiguration = try PostgresConfiguration(url: configuration.databaseURL.revealed)
        postgresConfiguration.applicationName = postgresConfiguration.applicationName ?? service
        postgresConfiguration.statementTimeout =
            postgresConfiguration.statementTimeout ?? configuration.statementTimeout
        postgresConfiguration.queryTimeout = configuration.queryTimeout
        postgresConfiguration.acquireTimeout = configuration.poolTimeout
        redisConfiguration.commandTimeout = configuration.redisCommandTimeout
        redisConfiguration.acquireTimeout = configuration.redisPoolTimeout
        // One connect attempt must not outlast the whole start-up budget.
        redisConfiguration.connectTimeout = min(redisConfiguration.connectTimeout, configuration.startupTimeout)
        postgresConfiguration.connectTimeout = min(postgresConfiguration.connectTimeout, configuration.startupTimeout)

        let stores = ServiceStores(
            redis: redisConfiguration.makeSharedClient(),
            postgres: PostgresPool(configuration: postgresConfiguration, logger: logger),
            redisPrefix: configuration.redisPrefix, queueRetention: configuration.queueRetention,
            inboundMaxLength: configuration.inboundMaxLength,
            requestRedis: requestPool(like: redisConfiguration, timeout: configuration.redisRequestTimeout))
        var retry = StartupRetry(timeout: configuration.startupTimeout)
        do {
            try await retry.attempt(store: "redis", logger: logger, isTransient: Self.isTransientRedis) {
                try await stores.redis.ping()
            }
            let applied = try await retry.attempt(
                store: "postgres", logger: logger, isTransient: Self.isTransientPostgres
            ) {
                try await Migrator.migrate(pool: stores.postgres, logger: logger, migrations: migrations)
            }
            logger.info(
                "Stores ready",
                metadata: [
                    "redis.prefix": "\(configuration.redisPrefix)",
                    "migration.applied": .array(applied.map { .stringConvertible($0) }),
                ])
            return stores
        } catch {
            await stores.close()
            throw error
        }
    }

    /// Unreachable, dropped, or still loading its data set: worth waiting for.
    static func isTransientRedis(_ error: any Error) -> Bool {
        guard let error = error as? RedisError else { return false }
        return error.isConnectionProblem || error.serverErrorCode == "LOADING"
    }

    /// Unreachable, restarting or starting up (57P03), also when met while migrating.
    static func isTransientPostgres(_ error: any Error) -> Bool {
        switch error {
        case let error as PostgresError: error.isConnectionProblem
        case MigrationError.database(let error): error.isConnectionProblem
        default: false
        }
    }
}
