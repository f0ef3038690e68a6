import Redis

/// A token bucket per key in Redis, shared by every process (per sender number, per provider account...).
package struct RateLimiter: Sendable {
    package let redis: any RedisClient
    package let prefix: String

    package init(redis: any RedisClient, prefix: String = "ap:") {
        self.redis = redis
        self.prefix = prefix
    }

    /// Takes `cost` tokens from `key`'s bucket (capacity `burst`, refilled at `perSecond`). Returns nil when
    /// allowed, or how long to wait before trying again.
    package func take(
        _ key: String, burst: Int, perSecond: Double, cost: Int = 1
    ) async throws -> Duration? {
        precondition(burst > 0 && perSecond > 0 && cost > 0, "a token bucket needs positive sizes")
        let reply = try await redis.evaluate(
            JobScripts.takeToken, keys: ["\(prefix){rl:\(key)}"], arguments: [burst, perSecond, cost])
        let wait = reply.int ?? 0
        return wait > 0 ? .milliseconds(wait) : nil
    }
}
