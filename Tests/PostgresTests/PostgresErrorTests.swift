import Foundation
import Postgres
import Testing

@Suite("Server errors", .timeLimit(.minutes(1)))
struct PostgresErrorTests {
    @Test("a unique violation carries 23505 and its constraint, not the duplicate value")
    func uniqueViolation() async throws {
        try await TestDatabase.withSchema { pool, _ in
            try await pool.execute("create table keys (hash text not null constraint keys_hash_key unique)")
            let secret = "sk_live_4f9a8b7c6d5e-secret"
            try await pool.execute("insert into keys values ($1)", [secret])
            do {
                try await pool.execute("insert into keys values ($1)", [secret])
                Issue.record("inserted a duplicate")
            } catch let error as PostgresError {
                #expect(error.kind == .server)
                #expect(error.sqlState == "23505")
                #expect(error.isUniqueViolation)
                #expect(!error.isSerializationFailure)
                #expect(error.constraint == "keys_hash_key")
                #expect(!error.description.contains(secret))
                #expect(!error.message.contains(secret))
            }
            // The failed statement did not spoil the pooled connection.
            #expect(try await pool.query("select count(*) from keys").first?.decode(Int.self, at: 0) == 1)
        }
    }

    @Test("a syntax error carries 42601")
    func syntaxError() async throws {
        try await TestDatabase.withSchema { pool, _ in
            do {
                _ = try await pool.query("selec 1")
                Issue.record("ran invalid SQL")
            } catch let error as PostgresError {
                #expect(error.kind == .server)
                #expect(error.sqlState == "42601")
                #expect(error.description.contains("42601"))
                #expect(!error.isConnectionProblem)
            }
        }
    }

    @Test(
        "data exceptions that quote the rejected input do not repeat it",
        arguments: [
            ("select $1::uuid", "not-a-uuid-secret-7731", "22P02"),
            ("select $1::int4", "99999999999", "22003"),
            ("select $1::timestamptz", "secret-7731", "22007"),
            ("select $1::timestamptz", "2031-02-30 10:00:00", "22008"),
        ])
    func dataExceptionsAreRedacted(sql: String, value: String, sqlState: String) async throws {
        try await TestDatabase.withSchema { pool, _ in
            do {
                _ = try await pool.query(sql, [value])
                Issue.record("accepted \(sql)")
            } catch let error as PostgresError {
                #expect(error.sqlState == sqlState)
                #expect(!error.description.contains(value))
                #expect(!error.description.contains("secret-7731"))
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("a foreign-key violation is classified")
    func foreignKeyViolation() async throws {
        try await TestDatabase.withSchema { pool, _ in
            try await pool.execute("create table parents (id int primary key)")
            try await pool.execute("create table children (parent int references parents)")
            do {
                try await pool.execute("insert into children values ($1)", [7])
                Issue.record("inserted an orphan")
            } catch let error as PostgresError {
                #expect(error.isForeignKeyViolation)
                #expect(error.sqlState == "23503")
            }
        }
    }

    @Test("the configured statement timeout cancels a long statement and leaves the connection usable")
    func statementTimeout() async throws {
        var configuration = try TestDatabase.configuration(poolSize: 1)
        configuration.statementTimeout = .milliseconds(100)
        let pool = PostgresPool(configuration: configuration, logger: TestDatabase.logger)
        do {
            _ = try await pool.query("select pg_sleep(5)")
            Issue.record("the statement outlived its timeout")
        } catch {
            #expect(error.sqlState == "57014")
            #expect(!error.isConnectionProblem)
        }
        let timeout = try await pool.query("show statement_timeout").first?.decode(String.self, at: 0)
        #expect(timeout == "100ms")
        #expect(pool.statistics.open == 1)
        await pool.close()
    }

    @Test("a refused connection is a connection problem and never shows the password")
    func connectionRefused() async throws {
        var configuration = try PostgresConfiguration(url: "postgres://ap:Hunter2-Secret@127.0.0.1:1/ap")
        configuration.connectTimeout = .seconds(2)
        let pool = PostgresPool(configuration: configuration, logger: TestDatabase.logger)
        do {
            try await pool.ping()
            Issue.record("connected to port 1")
        } catch {
            #expect(error.kind == .connectionFailed)
            #expect(error.isConnectionProblem)
            #expect(!error.description.contains("Hunter2-Secret"))
        }
        // The failed open gave its slot back: a second borrower fails the same way instead of waiting forever.
        await #expect(throws: PostgresError.self) { try await pool.ping() }
        #expect(pool.statistics == PostgresPoolStatistics(open: 0, idle: 0, waiting: 0))
        await pool.close()
    }

    @Test("a wrong database name fails to connect with a server-side reason")
    func unknownDatabase() async throws {
        var configuration = try TestDatabase.configuration()
        configuration.database = "no_such_database_\(UInt32.random(in: 0...UInt32.max))"
        await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
        }
    }
}
