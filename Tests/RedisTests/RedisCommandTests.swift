import Foundation
import Redis
import TestSupport
import Testing

@Suite struct RedisCommandTests {
    let pool: RedisPool
    let key = "test:redis:\(UUID().uuidString)"

    init() throws {
        pool = RedisPool(configuration: try RedisConfiguration(url: TestEnvironment.redisURL, poolSize: 4))
    }

    @Test func valuesAreBinarySafe() async throws {
        let bytes: [UInt8] = [0, 13, 10, 255, 36, 42, 0]
        try await pool.send("SET", key, bytes, "EX", 60)
        let reply = try await pool.send("GET", key)
        #expect(reply.bytes == bytes)
        #expect(try await pool.send("GET", key + ":missing").isNull)
    }

    @Test func pipelineKeepsOrderAndReportsErrorsPerCommand() async throws {
        var commands = (0..<1000).map { _ in RedisCommand("INCR", key) }
        commands.append(RedisCommand("HGET", key, "field"))  // wrong type
        commands.append(RedisCommand("EXPIRE", key, 60))
        let replies = try await pool.pipeline(commands)
        #expect(replies.count == 1002)
        #expect(replies[0].int == 1)
        #expect(replies[999].int == 1000)
        guard case .error(let message) = replies[1000] else {
            Issue.record("expected an error reply, got \(replies[1000])")
            return
        }
        #expect(message.hasPrefix("WRONGTYPE"))
        #expect(replies[1001].int == 1)
    }

    @Test func serverErrorsAreThrownWithTheirCode() async throws {
        try await pool.send("SET", key, "text", "EX", 60)
        do {
            try await pool.send("INCR", key)
            Issue.record("INCR of text must fail")
        } catch {
            #expect(error.serverErrorCode == "ERR")
        }
    }

    @Test func scriptsReloadAfterTheScriptCacheIsFlushed() async throws {
        let script = RedisScript(name: "double", source: "return tonumber(ARGV[1]) * 2")
        #expect(try await pool.evaluate(script, keys: [], arguments: [21]).int == 42)
        let sha = try #require(script.loadedSHA)
        try await pool.send("SCRIPT", "FLUSH")
        #expect(try await pool.evaluate(script, keys: [], arguments: [5]).int == 10)
        #expect(script.loadedSHA == sha)
    }

    @Test func poolServesMoreTasksThanConnections() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask { try await pool.send("INCR", key) }
            }
            try await group.waitForAll()
        }
        #expect(try await pool.send("GET", key).int == 200)
        try await pool.send("DEL", key)
    }

    @Test func refusedConnectionFailsFast() async throws {
        let closed = RedisConnection(
            configuration: RedisConfiguration(host: "127.0.0.1", port: 1, connectTimeout: .seconds(30)))
        let started = ContinuousClock.now
        do {
            try await closed.send("PING")
            Issue.record("PING on a closed port must fail")
        } catch {
            #expect(error.isConnectionProblem)
            guard case .connectFailed = error else {
                Issue.record("expected connectFailed, got \(error)")
                return
            }
        }
        // Far below the connect timeout: a refusal is not waited out (a margin for a loaded machine).
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func blockingReadOutlastsTheCommandTimeout() async throws {
        var configuration = try RedisConfiguration(url: TestEnvironment.redisURL)
        configuration.commandTimeout = .seconds(1)
        let connection = RedisConnection(configuration: configuration)
        let reply = try await connection.pipeline(
            [RedisCommand("BLPOP", key + ":empty", "1.5")], blockingFor: .milliseconds(1500))
        #expect(reply[0].isNull)
        #expect(await connection.isConnected)
    }
}
