import JobRuntime
import Logging
import Postgres
import Redis
import ServiceLifecycle

/// The Redis client and Postgres pool of one service process, with their readiness checks. Redis is a
/// ``RedisPool`` or, for a `redis+cluster://` URL, a ``RedisClusterClient``.
///
/// Open them with ``open(configuration:service:logger:migrations:)`` (waits for both stores and migrates
/// the schema). Put the stores **first** in the executable's service list: the group stops services last
/// added first, so the pools close after every server and worker using them has stopped. As a `Service`
/// the stores only wait for graceful shutdown (or cancellation), then close both pools.
package final class ServiceStores: Service, Sendable, CustomStringConvertible {
    package let redis: any SharedRedisClient
    /// A small pool of its own for the Redis calls an HTTP request makes before it is answered, with short
    /// deadlines and a fail-fast window (`AP_REDIS_REQUEST_TIMEOUT_SECONDS`): a frozen or saturated Redis
    /// delays a request by one short deadline at most, and background work on ``redis`` cannot starve it.
    package let requestRedis: any SharedRedisClient
    package let postgres: PostgresPool
    /// The prefix of every Redis key of this deployment (`AP_REDIS_PREFIX`).
    package let redisPrefix: String
    /// What every queue keeps in Redis (`AP_QUEUE_MAX_LENGTH`, `AP_DEAD_LETTER_MAX_LENGTH`,
    /// `AP_JOB_STATE_RETENTION_SECONDS`).
    package let queueRetention: QueueRetention
    /// The `inbound` stream's own length bound (`AP_INBOUND_MAX_LENGTH`): nothing consumes it yet.
    package let inboundMaxLength: Int

    /// Stores over pools opened elsewhere (tests); nothing is checked or migrated. Without `requestRedis`
    /// the request pool is ``requestPool(like:timeout:)`` of `redis`.
    package init(
        redis: any SharedRedisClient, postgres: PostgresPool, redisPrefix: String = "ap:",
        queueRetention: QueueRetention = .standard, inboundMaxLength: Int = StoreConfiguration.defaultInboundMaxLength,
        requestRedis: (any SharedRedisClient)? = nil
    ) {
        self.redis = redis
        self.requestRedis = requestRedis ?? Self.requestPool(like: redis.configuration)
        self.postgres = postgres
        self.redisPrefix = redisPrefix
        self.queueRetention = queueRetention
        self.inboundMaxLength = inboundMaxLength
    }

    /// The request pool's configuration: `timeout` for connecting, each command and the wait for a
    /// connection, and a 2 s fail-fast window after a link failure.
    package static func requestPool(like configuration: RedisConfiguration, timeout: Duration = .milliseconds(500))
        -> any SharedRedisClient
    {
        var request = configuration
        request.connectTimeout = min(configuration.connectTimeout, timeout)
        request.commandTimeout = timeout
        request.acquireTimeout = timeout
        request.failFastWindow = .seconds(2)
        request.poolSize = 4
        return request.makeSharedClient(name: "redis-request")
    }

    package var description: String { "ServiceStores" }

    // MARK: Use

    /// `redis` (PING) and `postgres` (`select 1`), for `/ready`.
    package var readinessChecks: [ReadinessCheck] {
        let redis = self.redis
        let postgres = self.postgres
        return [
            ReadinessCheck("redis") { try await redis.ping() },
            ReadinessCheck("postgres") { try await postgres.ping() },
        ]
    }

    /// The job queue `name` under this deployment's prefix, with this deployment's retention.
    package func queue(named name: String, defaultMaxAttempts: Int = 3) -> JobQueue {
        var retention = queueRetention
        if name == "inbound" { retention.maxLength = inboundMaxLength }
        return JobQueue(
            name: name, redis: redis, prefix: redisPrefix, defaultMaxAttempts: defaultMaxAttempts,
            retention: retention)
    }

    /// The same queue over ``requestRedis``, for enqueues made while an HTTP request waits for its answer.
    package func requestQueue(named name: String, defaultMaxAttempts: Int = 3) -> JobQueue {
        let queue = queue(named: name, defaultMaxAttempts: defaultMaxAttempts)
        return JobQueue(
            name: name, redis: requestRedis, prefix: redisPrefix, defaultMaxAttempts: defaultMaxAttempts,
            retention: queue.retention)
    }

    /// Mirrors the workers' dead letters into the `dead_letters` table.
    package var deadLetterRecorder: PostgresDeadLetterRecorder {
        PostgresDeadLetterRecorder(pool: postgres)
    }

    // MARK: Lifecycle

    package func run() async throws {
        // Cancellation (another service failed) ends the wait too: the pools close either way.
        try? await gracefulShutdown()
        await close()
    }

    /// Refuses new work on both pools and closes their connections.
    package func close() async {
        await requestRedis.close()
        await redis.close()
        await postgres.close()
    }
}
