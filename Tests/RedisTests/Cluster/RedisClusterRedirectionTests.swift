import Redis
import TestSupport
import Testing

/// The cluster client against real clusters of three masters whose slots are moved by hand: `-MOVED` after a
/// slot changed owner, `-ASK` while it migrates, and a master lost after its slot moved away. Each test starts a
/// private cluster (the shared one of `scripts/test` must stay whole); they run where `scripts/test` runs them,
/// with a Redis Cluster available.
@Suite(
    .enabled(
        if: TestEnvironment.redisClusterURL != nil,
        "TEST_REDIS_CLUSTER_URL is not set: run scripts/test, which starts a Redis Cluster for these tests"),
    .timeLimit(.minutes(2))
)
struct RedisClusterRedirectionTests {
    @Test("-MOVED: a command for a slot that changed owner is retried on the new owner, in pipeline order")
    func followsMoved() async throws {
        let cluster = try await PrivateRedisCluster.start()
        let client = RedisClusterClient(configuration: try RedisConfiguration(url: cluster.url, poolSize: 2))
        defer { Task { await client.close() } }
        let key = "moved:{m}"
        let source = cluster.owner(of: key)
        let target = (source + 1) % 3
        let other = "moved:{other}"  // a key on another slot, to split the pipeline
        try await client.send("SET", key, "before")
        try await client.send("SET", other, "stays")

        try await cluster.move(RedisHashSlot.slot(of: key), from: source, to: target, keys: [key])
        let direct = try await cluster.node(source).pipeline([RedisCommand("GET", key)])[0]
        #expect(direct.string == nil && "\(direct)".contains("MOVED"), "the old owner redirects")

        let replies = try await client.pipeline([
            RedisCommand("SET", key, "after"), RedisCommand("GET", other), RedisCommand("GET", key),
        ])
        #expect(replies.map(\.string) == ["OK", "stays", "after"])
        #expect(try await cluster.node(target).send("GET", key).string == "after", "written on the new owner")
    }

    @Test("-ASK: a key already migrated is read and written on the importing node after ASKING")
    func followsAsk() async throws {
        let cluster = try await PrivateRedisCluster.start()
        let client = RedisClusterClient(configuration: try RedisConfiguration(url: cluster.url, poolSize: 2))
        defer { Task { await client.close() } }
        let migrated = "ask:{a}:migrated"
        let staying = "ask:{a}:staying"
        let fresh = "ask:{a}:fresh"
        let slot = RedisHashSlot.slot(of: migrated)
        let source = cluster.owner(of: migrated)
        let target = (source + 1) % 3
        try await client.send("SET", migrated, "moved-value")
        try await client.send("SET", staying, "old-owner")

        try await cluster.beginMigration(of: slot, from: source, to: target, keys: [migrated])
        #expect(try await client.send("GET", migrated).string == "moved-value")
        #expect(try await client.send("GET", staying).string == "old-owner", "keys not migrated stay where they were")
        try await client.send("SET", fresh, "new")  // absent on the source: created on the target
        let onTarget = try await cluster.node(target).pipeline([RedisCommand("ASKING"), RedisCommand("GET", fresh)])
        #expect(onTarget[1].string == "new")
        // ASK is one-off: the slot still belongs to the source, so its own keys keep working after the asks.
        #expect(try await client.send("GET", staying).string == "old-owner")
    }

    @Test("a master lost after its slot moved: commands and a dedicated connection go to the new owner")
    func followsTheSlotWhenItsOldMasterIsGone() async throws {
        let cluster = try await PrivateRedisCluster.start()
        let client = RedisClusterClient(configuration: try RedisConfiguration(url: cluster.url, poolSize: 2))
        defer { Task { await client.close() } }
        let key = "failover:{f}"
        let stream = "failover:{f}:stream"
        let source = cluster.owner(of: key)
        let target = (source + 1) % 3
        let reader = client.dedicatedConnection(forKey: stream, name: "test-reader")
        try await client.send("SET", key, "kept")
        try await reader.send("XADD", stream, "*", "n", "1")

        try await cluster.move(RedisHashSlot.slot(of: key), from: source, to: target, keys: [key, stream])
        cluster.servers[source].kill()

        // The links to the dead master broke: a command may fail once (it may have run: never replayed), then
        // the refreshed slot map sends it to the new owner.
        #expect(try await eventuallyValue { try await client.send("GET", key).string } == "kept")
        let read = try await eventuallyValue {
            try await reader.pipeline(
                [RedisCommand("XREAD", "COUNT", 10, "BLOCK", 100, "STREAMS", stream, "0")],
                blockingFor: .milliseconds(100)
            )[0].orThrow().streamReadEntries.count
        }
        #expect(read == 1)
        try await client.send("SET", key, "after")
        #expect(try await cluster.node(target).send("GET", key).string == "after")
    }

    /// The value of `body` within three attempts: connection errors right after a node was lost are expected.
    private func eventuallyValue<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        for _ in 0..<2 {
            do { return try await body() } catch let error as RedisError where error.isConnectionProblem {}
        }
        return try await body()
    }
}
