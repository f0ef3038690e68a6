import Postgres
import Testing

@Suite("PostgresPool", .timeLimit(.minutes(1)))
struct PostgresPoolTests {
    @Test("more concurrent tasks than connections all succeed on at most poolSize connections")
    func boundedConcurrency() async throws {
        let name = TestDatabase.uniqueName("pool-test-")
        try await TestDatabase.withSchema(poolSize: 3, applicationName: name) { pool, _ in
            let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                for number in 0..<30 {
                    group.addTask {
                        let row = try await pool.query("select pg_sleep(0.02), $1::int as n", [number]).first
                        return try #require(row).decode(Int.self, "n")
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(numbers.sorted() == Array(0..<30))
            #expect(pool.statistics == PostgresPoolStatistics(open: 3, idle: 3, waiting: 0))
            let admin = try await TestDatabase.adminConnection()
            let sessions = try await admin.query(
                "select count(*) from pg_stat_activity where application_name = $1", [name])
            #expect(try sessions.first?.decode(Int.self, at: 0) == 3)
            await admin.close()
        }
    }

    @Test("after pg_terminate_backend of an idle pooled connection the next query still succeeds")
    func recoversFromTerminatedIdleConnection() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            let pid = try #require(try await pool.query("select pg_backend_pid()").first).decode(Int32.self, at: 0)
            let admin = try await TestDatabase.adminConnection()
            // The timeout makes the server wait until the backend has really exited.
            let terminated = try await admin.query("select pg_terminate_backend($1, 5000)", [pid])
            #expect(try terminated.first?.decode(Bool.self, at: 0) == true)
            await admin.close()

            let row = try #require(try await pool.query("select pg_backend_pid(), current_schema()").first)
            #expect(try row.decode(Int32.self, at: 0) != pid)
            // The replacement connection got the session settings again.
            #expect(try row.decode(String.self, at: 1) == schema)
            #expect(pool.statistics.open == 1)
        }
    }

    @Test("a connection killed mid-query fails that query, is discarded, and the pool carries on")
    func discardsConnectionKilledMidQuery() async throws {
        let name = TestDatabase.uniqueName("kill-test-")
        try await TestDatabase.withSchema(poolSize: 1, applicationName: name) { pool, _ in
            let sleeper = Task { try await pool.query("select pg_sleep(30)") }
            let admin = try await TestDatabase.adminConnection()
            var victim: Int32?
            for _ in 0..<200 where victim == nil {
                let rows = try await admin.query(
                    """
                    select pid from pg_stat_activity
                    where application_name = $1 and query like 'select pg_sleep%' and state = 'active'
                    """, [name])
                victim = try rows.first?.decode(Int32.self, at: 0)
                if victim == nil { try await Task.sleep(for: .milliseconds(10)) }
            }
            let pid = try #require(victim)
            _ = try await admin.query("select pg_terminate_backend($1, 5000)", [pid])
            await admin.close()

            let outcome = await sleeper.result
            guard case .failure(let error as PostgresError) = outcome else {
                Issue.record("the killed query did not fail with a PostgresError: \(outcome)")
                return
            }
            #expect(error.isConnectionProblem)
            let newPID = try #require(try await pool.query("select pg_backend_pid()").first).decode(Int32.self, at: 0)
            #expect(newPID != pid)
            #expect(pool.statistics.open == 1)
        }
    }

    @Test("ping answers on a live pool")
    func ping() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, _ in
            try await pool.ping()
            #expect(pool.statistics.open == 1)
        }
    }

    @Test("closing fails waiting borrowers and refuses new ones")
    func closeFailsWaiters() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, _ in
            let (release, releaseSignal) = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await pool.withConnection { _ in
                    for await _ in release { break }
                }
            }
            try await waitUntil { pool.statistics.open == 1 && pool.statistics.idle == 0 }
            let waiter = Task { try await pool.query("select 1") }
            try await waitUntil { pool.statistics.waiting == 1 }

            await pool.close()
            let waited = await waiter.result
            guard case .failure(let error as PostgresError) = waited else {
                Issue.record("the waiter was not failed: \(waited)")
                return
            }
            #expect(error.kind == .poolClosed)
            releaseSignal.yield()
            try await holder.value
            #expect(pool.statistics.open == 0)
            await #expect(throws: PostgresError.self) { try await pool.ping() }
        }
    }

    @Test("a cancelled waiter leaves the queue and the pool keeps working")
    func cancelledWaiter() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, _ in
            let (release, releaseSignal) = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await pool.withConnection { _ in
                    for await _ in release { break }
                }
            }
            try await waitUntil { pool.statistics.open == 1 && pool.statistics.idle == 0 }
            let waiter = Task { try await pool.query("select 1") }
            try await waitUntil { pool.statistics.waiting == 1 }
            waiter.cancel()
            let waited = await waiter.result
            guard case .failure(let error as PostgresError) = waited else {
                Issue.record("the cancelled waiter was not failed: \(waited)")
                return
            }
            #expect(error.kind == .cancelled)
            #expect(pool.statistics.waiting == 0)
            releaseSignal.yield()
            try await holder.value
            try await pool.ping()
        }
    }

    /// Polls `condition` every 5 ms for up to 5 s.
    private func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<1000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("condition not reached within 5 s")
    }
}
