import Foundation
import Redis
import TestSupport
import Testing

/// The cluster client on the shared three-master cluster of `scripts/test`: routing by slot, pipelines split
/// across masters, scripts loaded per node, and a blocking read on a dedicated connection.
@Suite(
    .enabled(
        if: TestEnvironment.redisClusterURL != nil,
        "TEST_REDIS_CLUSTER_URL is not set: run scripts/test, which starts a Redis Cluster for these tests"),
    .timeLimit(.minutes(1))
)
struct RedisClusterClientTests {
    let client: RedisClusterClient
    let prefix = "cluster-test-\(UUID().uuidString.prefix(8)):"

    init() throws {
        client = RedisClusterClient(
            configuration: try RedisConfiguration(url: TestEnvironment.redisClusterURL ?? "", poolSize: 2))
    }

    @Test("a pipeline over keys of every master comes back in command order")
    func pipelineAcrossMasters() async throws {
        let keys = (0..<60).map { "\(prefix)\($0)" }
        let writes = try await client.pipeline(keys.enumerated().map { RedisCommand("SET", $1, $0) })
        #expect(writes.allSatisfy { $0.string == "OK" })
        let reads = try await client.pipeline(keys.flatMap { [RedisCommand("GET", $0), RedisCommand("DEL", $0)] })
        let values: [Int?] = stride(from: 0, to: reads.count, by: 2).map { reads[$0].int }
        #expect(values == (0..<60).map { $0 })
        #expect(try await client.send("PING").string == "PONG")
    }

    @Test("scripts run on the master of their keys, reloaded there after SCRIPT FLUSH")
    func scriptsOnEveryMaster() async throws {
        let script = RedisScript(name: "incr-by", source: "return redis.call('INCRBY', KEYS[1], ARGV[1])")
        let keys = (0..<12).map { "\(prefix)script:\($0)" }
        for key in keys { #expect(try await client.evaluate(script, keys: [key], arguments: [2]).int == 2) }
        try await client.send("SCRIPT", "FLUSH")
        for key in keys { #expect(try await client.evaluate(script, keys: [key], arguments: [3]).int == 5) }
        try await client.pipeline(keys.map { RedisCommand("DEL", $0) })
    }

    @Test("keys of one script in different slots are refused (CROSSSLOT), not silently split")
    func crossSlotScriptIsRefused() async throws {
        let script = RedisScript(name: "two-keys", source: "return redis.call('GET', KEYS[2])")
        let first = "\(prefix){a}"
        let second = "\(prefix){b}"
        #expect(RedisHashSlot.slot(of: first) != RedisHashSlot.slot(of: second))
        await #expect(throws: RedisError.self) {
            try await client.evaluate(script, keys: [first, second], arguments: [])
        }
    }

    @Test("a dedicated connection blocks on its stream's master until the pool writes to it")
    func dedicatedBlockingRead() async throws {
        let stream = "\(prefix){stream}"
        let reader = client.dedicatedConnection(forKey: stream, name: "test-blocking")
        // From id 0 on an empty stream: blocks until the first entry, whichever of the two runs first.
        let read = Task {
            try await reader.pipeline(
                [RedisCommand("XREAD", "COUNT", 1, "BLOCK", 10_000, "STREAMS", stream, "0")],
                blockingFor: .seconds(10))[0].orThrow().streamReadEntries
        }
        try await Task.sleep(for: .milliseconds(200))
        try await client.send("XADD", stream, "*", "n", "1")
        #expect(try await read.value.map { $0.string("n") } == ["1"])
        try await client.send("DEL", stream)
    }
}
