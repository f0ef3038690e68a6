import Foundation
import Redis
import TestSupport
import Testing

/// Nothing waits on Redis without a deadline: a caller gives up on a pool whose connections all stay busy,
/// a cancelled caller stops waiting, a frozen link costs one command timeout, and a fail-fast pool does not
/// make every following caller pay that timeout again.
@Suite(.timeLimit(.minutes(1))) struct RedisPoolDeadlineTests {
    @Test func aCallerGivesUpWhenNoConnectionComesFreeWithinTheAcquireTimeout() async throws {
        var configuration = try RedisConfiguration(url: TestEnvironment.redisURL, poolSize: 1)
        configuration.acquireTimeout = .milliseconds(300)
        let pool = RedisPool(configuration: configuration)
        defer { Task { await pool.close() } }
        let holding = try await borrowOnlyConnection(of: pool, for: .seconds(5))
        let started = ContinuousClock.now
        await #expect(throws: RedisError.self) { try await pool.send("PING") }
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(250), "gave up after \(waited)")
        #expect(waited < .seconds(3), "gave up after \(waited)")
        #expect(pool.waiting == 0)
        holding.cancel()
        _ = await holding.result
        try await pool.ping()
    }

    @Test func aCancelledCallerStopsWaitingForAConnection() async throws {
        var configuration = try RedisConfiguration(url: TestEnvironment.redisURL, poolSize: 1)
        configuration.acquireTimeout = .seconds(30)
        let pool = RedisPool(configuration: configuration)
        defer { Task { await pool.close() } }
        let holding = try await borrowOnlyConnection(of: pool, for: .seconds(30))
        let waiting = Task { try await pool.send("PING") }
        try await waitFor { pool.waiting == 1 }
        let started = ContinuousClock.now
        waiting.cancel()
        let outcome = await waiting.result
        #expect(ContinuousClock.now - started < .seconds(5))
        guard case .failure = outcome else {
            Issue.record("a cancelled wait returned a reply")
            return
        }
        #expect(pool.waiting == 0)
        holding.cancel()
        _ = await holding.result
        try await pool.ping()
    }

    @Test func aFrozenLinkCostsOneCommandTimeoutThenTheFailFastWindowAnswersAtOnce() async throws {
        let upstream = try #require(URLComponents(string: TestEnvironment.redisURL)?.port)
        let proxy = try FreezableTCPProxy(upstreamPort: upstream)
        defer { proxy.close() }
        var configuration = RedisConfiguration(host: "127.0.0.1", port: proxy.port, poolSize: 2)
        configuration.commandTimeout = .milliseconds(300)
        configuration.failFastWindow = .seconds(1)
        let pool = RedisPool(configuration: configuration)
        defer { Task { await pool.close() } }
        try await pool.ping()

        proxy.freeze()
        var started = ContinuousClock.now
        await #expect(throws: RedisError.self) { try await pool.ping() }
        let first = ContinuousClock.now - started
        #expect(first >= .milliseconds(250), "the frozen call failed after \(first)")
        #expect(first < .seconds(3), "the frozen call failed after \(first)")
        started = ContinuousClock.now
        do {
            try await pool.ping()
            Issue.record("a ping inside the fail-fast window was sent")
        } catch {
            #expect(error.description.contains("moments ago"), "\(error)")
        }
        #expect(ContinuousClock.now - started < .milliseconds(100))

        // Once the window closes the next call tries Redis again and, thawed, gets through.
        proxy.thaw()
        let thawed = ContinuousClock.now
        while (try? await pool.ping()) == nil {
            #expect(ContinuousClock.now - thawed < .seconds(10), "no answer after the thaw")
            guard ContinuousClock.now - thawed < .seconds(10) else { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(ContinuousClock.now - thawed >= .milliseconds(500), "the window closed early")
    }

    /// Takes the pool's one connection for `duration` (or until cancelled); returns once it is taken.
    private func borrowOnlyConnection(of pool: RedisPool, for duration: Duration) async throws -> Task<Void, any Error>
    {
        let (borrowed, signal) = AsyncStream<Void>.makeStream()
        let holding = Task {
            try await pool.withConnection { _ in
                signal.yield()
                try await Task.sleep(for: duration)
            }
        }
        var iterator = borrowed.makeAsyncIterator()
        _ = await iterator.next()
        return holding
    }

    private func waitFor(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw RedisError.unexpectedReply("condition not met") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
