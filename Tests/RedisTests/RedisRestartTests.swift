import Redis
import TestSupport
import Testing

@Suite struct RedisRestartTests {
    @Test func connectionRecoversAfterTheServerRestarts() async throws {
        let server = try RedisServerProcess()
        let connection = RedisConnection(configuration: try RedisConfiguration(url: server.url))
        try await connection.send("SET", "survivor", "1")

        server.kill()
        do {
            try await connection.send("GET", "survivor")
            Issue.record("a command against a dead server must fail")
        } catch {
            #expect(error.isConnectionProblem)
        }

        try server.restart()
        // The same connection object reconnects by itself; the AOF kept the acknowledged write.
        let value = try await connection.send("GET", "survivor")
        #expect(value.string == "1")
    }

    @Test func poolRecoversAfterTheServerRestarts() async throws {
        let server = try RedisServerProcess()
        let pool = RedisPool(configuration: try RedisConfiguration(url: server.url, poolSize: 2))
        try await pool.ping()
        server.kill()
        await #expect(throws: RedisError.self) { try await pool.ping() }
        try server.restart()
        var recovered = false
        for _ in 0..<3 where !recovered {
            recovered = (try? await pool.ping()) != nil
        }
        #expect(recovered)
    }
}
