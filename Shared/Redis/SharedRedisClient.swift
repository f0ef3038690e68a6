/// The Redis client a process shares between its tasks: a ``RedisPool`` on one server, a
/// ``RedisClusterClient`` on a Redis Cluster. Code written against it runs unchanged on both.
package protocol SharedRedisClient: RedisClient {
    /// The settings it was opened with (timeouts, pool size, credentials).
    var configuration: RedisConfiguration { get }

    /// A connection of its own for blocking reads of `key` (`XREADGROUP … BLOCK`, `XREAD … BLOCK`), so that
    /// they never hold a pooled connection. On a cluster it talks to the node that owns the key's slot and
    /// follows the slot when it moves.
    func dedicatedConnection(forKey key: String, name: String) -> any BlockingRedisClient

    /// Refuses new work and closes the connections.
    func close() async
}

/// A client that may block on the server for a while (one command stream, not shared).
package protocol BlockingRedisClient: RedisClient {
    /// Runs commands that may block on the server for up to `block`.
    func pipeline(_ commands: [RedisCommand], blockingFor block: Duration) async throws(RedisError) -> [RESPValue]

    /// Closes the link now (it reopens on the next command).
    func disconnect() async
}

extension RedisConnection: BlockingRedisClient {}

extension RedisPool: SharedRedisClient {
    /// A new ``RedisConnection`` to the same server.
    package func dedicatedConnection(forKey key: String, name: String) -> any BlockingRedisClient {
        var single = configuration
        single.poolSize = 1
        return RedisConnection(configuration: single, name: name)
    }
}

extension RedisConfiguration {
    /// Opens the client this configuration asks for: a ``RedisClusterClient`` for a `redis+cluster://` URL,
    /// else a ``RedisPool``. Both connect lazily.
    package func makeSharedClient(name: String = "redis") -> any SharedRedisClient {
        if isCluster { return RedisClusterClient(configuration: self, name: name) }
        return RedisPool(configuration: self, name: name)
    }
}
