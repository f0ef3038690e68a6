import Postgres
import Testing

@Suite("Transactions", .timeLimit(.minutes(1)))
struct PostgresTransactionTests {
    struct Abort: Error {}

    @Test("a returning body commits, and other connections see the rows")
    func commits() async throws {
        try await TestDatabase.withSchema(poolSize: 2) { pool, _ in
            try await pool.execute("create table items (name text not null)")
            let inserted = try await pool.withTransaction { transaction in
                try await transaction.execute("insert into items values ($1)", ["a"])
                try await transaction.execute("insert into items values ($1)", ["b"])
                return try await transaction.query("select count(*) from items").first?.decode(Int.self, at: 0)
            }
            #expect(inserted == 2)
            #expect(try await pool.query("select count(*) from items").first?.decode(Int.self, at: 0) == 2)
        }
    }

    @Test("a throwing body rolls back and its error comes out unchanged")
    func rollsBackOnThrow() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, _ in
            try await pool.execute("create table items (name text not null)")
            await #expect(throws: Abort.self) {
                try await pool.withTransaction { transaction in
                    try await transaction.execute("insert into items values ($1)", ["doomed"])
                    throw Abort()
                }
            }
            #expect(try await pool.query("select count(*) from items").first?.decode(Int.self, at: 0) == 0)
        }
    }

    @Test("a statement error swallowed inside the body makes COMMIT report the rollback")
    func swallowedErrorAborts() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, _ in
            try await pool.execute("create table items (name text primary key)")
            do {
                try await pool.withTransaction { transaction in
                    try await transaction.execute("insert into items values ($1)", ["first"])
                    _ = try? await transaction.execute("insert into items values ($1)", ["first"])
                }
                Issue.record("COMMIT of an aborted transaction looked successful")
            } catch let error as PostgresError {
                #expect(error.kind == .transactionAborted)
            }
            #expect(try await pool.query("select count(*) from items").first?.decode(Int.self, at: 0) == 0)
        }
    }

    @Test("the isolation level is applied")
    func isolationLevel() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, _ in
            let level = try await pool.withTransaction(.serializable) { transaction in
                try await transaction.query("show transaction_isolation").first?.decode(String.self, at: 0)
            }
            #expect(level == "serializable")
            let outside = try await pool.query("show transaction_isolation").first?.decode(String.self, at: 0)
            #expect(outside == "read committed")
        }
    }

    @Test("write skew between serializable transactions surfaces as a serialization failure")
    func serializationFailure() async throws {
        try await TestDatabase.withSchema(poolSize: 2) { pool, schema in
            try await pool.execute("create table shifts (doctor int not null, on_call bool not null)")
            try await pool.execute("insert into shifts values (1, true), (2, true)")
            var configuration = try TestDatabase.configuration(searchPath: schema)
            configuration.poolSize = 1
            let first = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
            let second = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
            try await first.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
            try await second.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
            _ = try await first.query("select count(*) from shifts where on_call")
            _ = try await second.query("select count(*) from shifts where on_call")
            try await first.execute("update shifts set on_call = false where doctor = 1")
            try await second.execute("update shifts set on_call = false where doctor = 2")
            try await first.execute("COMMIT")
            do {
                try await second.execute("COMMIT")
                Issue.record("both write-skewed transactions committed")
            } catch let error as PostgresError {
                #expect(error.isSerializationFailure)
                #expect(error.sqlState == "40001")
            }
            await first.close()
            await second.close()
        }
    }

    @Test("a transaction left open in withConnection is rolled back before reuse")
    func leftOpenTransactionIsRolledBack() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, _ in
            try await pool.execute("create table items (name text not null)")
            try await pool.withConnection { connection in
                try await connection.execute("BEGIN")
                try await connection.execute("insert into items values ($1)", ["left open"])
            }
            // Same single connection: had the transaction survived, it would see its own insert.
            #expect(try await pool.query("select count(*) from items").first?.decode(Int.self, at: 0) == 0)
            #expect(pool.statistics.open == 1)
        }
    }
}
