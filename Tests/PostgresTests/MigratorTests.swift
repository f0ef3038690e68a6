import Foundation
import Postgres
import Schema
import Testing

@Suite("Migrator", .timeLimit(.minutes(1)))
struct MigratorTests {
    @Test("the project's migrations apply once, then a second run applies nothing")
    func appliesOnceThenIdempotent() async throws {
        try await TestDatabase.withSchema(poolSize: 2) { pool, _ in
            let first = try await Migrator.migrate(pool: pool, logger: TestDatabase.logger)
            #expect(first == Migration.all.map(\.version))
            let second = try await Migrator.migrate(pool: pool, logger: TestDatabase.logger)
            #expect(second.isEmpty)

            let recorded = try await pool.query(
                "select version, name, checksum from schema_migrations order by version")
            #expect(try recorded.map { try $0.decode(Int.self, "version") } == Migration.all.map(\.version))
            #expect(try recorded.map { try $0.decode(String.self, "name") } == Migration.all.map(\.name))
            #expect(try recorded.map { try $0.decode(String.self, "checksum") } == Migration.all.map(\.checksum))
        }
    }

    @Test("the foundation tables accept the platform's rows and enforce their constraints")
    func foundationSchema() async throws {
        try await TestDatabase.withSchema(poolSize: 2) { pool, _ in
            try await Migrator.migrate(pool: pool, logger: TestDatabase.logger)
            let account = try #require(
                try await pool.query("insert into accounts (name) values ($1) returning id, created_at", ["Acme"]).first
            )
            let accountID = try account.decode(UUID.self, "id")
            #expect(abs(try account.decode(Date.self, "created_at").timeIntervalSinceNow) < 60)

            try await pool.execute(
                "insert into api_keys (account_id, name, prefix, key_hash) values ($1, $2, $3, $4)",
                [accountID, "ci", "ak_12", "hash-1"])
            do {
                try await pool.execute(
                    "insert into api_keys (account_id, name, prefix, key_hash) values ($1, $2, $3, $4)",
                    [accountID, "dup", "ak_34", "hash-1"])
                Issue.record("two keys share a hash")
            } catch let error as PostgresError {
                #expect(error.isUniqueViolation)
            }

            let failedAt = Date()
            let payload: [UInt8] = [0x7b, 0x7d]
            let insert = """
                insert into dead_letters (queue, job_id, job_name, attempts, payload, error, failed_at)
                values ($1, $2, $3, $4, $5, $6, $7)
                """
            try await pool.execute(insert, ["sms", "job-1", "send", 5, payload, "provider timeout", failedAt])
            await #expect(throws: PostgresError.self) {
                try await pool.execute(insert, ["sms", "job-1", "send", 5, payload, "provider timeout", failedAt])
            }
            let letter = try #require(
                try await pool.query("select payload, correlation_id, replayed_at from dead_letters").first)
            #expect(try letter.decode([UInt8].self, "payload") == payload)
            #expect(try letter.decode(String?.self, "correlation_id") == nil)
            #expect(try letter.decode(Date?.self, "replayed_at") == nil)

            try await pool.execute("delete from accounts where id = $1", [accountID])
            #expect(try await pool.query("select count(*) from api_keys").first?.decode(Int.self, at: 0) == 0)
            let index = try await pool.query(
                """
                select indexdef from pg_indexes
                where schemaname = current_schema() and indexname = 'dead_letters_queue_failed_at_idx'
                """)
            #expect(try index.first?.decode(String.self, at: 0).contains("(queue, failed_at DESC)") == true)
        }
    }

    @Test("an applied migration whose SQL changed is refused, naming its version")
    func checksumMismatch() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, _ in
            let original = Migration(version: 1, name: "widgets", sql: "create table widgets (id int primary key)")
            try await Migrator.migrate(pool: pool, logger: TestDatabase.logger, migrations: [original])
            let edited = Migration(version: 1, name: "widgets", sql: "create table widgets (id bigint primary key)")
            let next = Migration(version: 2, name: "gadgets", sql: "create table gadgets (id int)")
            do {
                try await Migrator.migrate(pool: pool, logger: TestDatabase.logger, migrations: [edited, next])
                Issue.record("an edited migration was accepted")
            } catch let error as MigrationError {
                guard case .checksumMismatch(let version, let name) = error else {
                    Issue.record("unexpected error \(error)")
                    return
                }
                #expect(version == 1)
                #expect(name == "widgets")
                #expect(error.description.contains("migration 1"))
            }
            // Nothing after the mismatch was applied.
            #expect(
                try await pool.query("select to_regclass('gadgets') is null").first?.decode(Bool.self, at: 0) == true)
        }
    }

    @Test("a failing migration rolls back alone and releases the lock")
    func failingMigration() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, _ in
            let migrations = [
                Migration(version: 1, name: "good", sql: "create table good (id int)"),
                Migration(version: 2, name: "bad", sql: "create table half (id int); selec 1"),
                Migration(version: 3, name: "later", sql: "create table later (id int)"),
            ]
            do {
                try await Migrator.migrate(pool: pool, logger: TestDatabase.logger, migrations: migrations)
                Issue.record("a broken migration applied")
            } catch let error as MigrationError {
                guard case .migrationFailed(let version, _, let cause) = error else {
                    Issue.record("unexpected error \(error)")
                    return
                }
                #expect(version == 2)
                #expect(cause.sqlState == "42601")
            }
            let versions = try await pool.query("select version from schema_migrations order by version")
            #expect(try versions.map { try $0.decode(Int.self, at: 0) } == [1])
            let tables = try #require(
                try await pool.query(
                    "select to_regclass('good') is not null, to_regclass('half') is null, to_regclass('later') is null"
                ).first)
            #expect(
                try tables.decode(Bool.self, at: 0) && tables.decode(Bool.self, at: 1)
                    && tables.decode(Bool.self, at: 2))

            let pid = try #require(try await pool.query("select pg_backend_pid()").first).decode(Int32.self, at: 0)
            let locks = try await pool.query(
                "select count(*) from pg_locks where locktype = 'advisory' and pid = $1", [pid])
            #expect(try locks.first?.decode(Int.self, at: 0) == 0)
        }
    }

    @Test("two pools migrating one fresh schema at once apply each migration exactly once")
    func concurrentMigrators() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            // Migration 2 sleeps so that the second migrator certainly arrives while the first holds the lock.
            let migrations = [
                Migration(version: 1, name: "log", sql: "create table applied_log (version int not null)"),
                Migration(version: 2, name: "slow", sql: "insert into applied_log values (2); select pg_sleep(0.3)"),
                Migration(version: 3, name: "last", sql: "insert into applied_log values (3)"),
            ]
            let other = PostgresPool(
                configuration: try TestDatabase.configuration(searchPath: schema, poolSize: 1),
                logger: TestDatabase.logger)
            async let first = Migrator.migrate(pool: pool, logger: TestDatabase.logger, migrations: migrations)
            async let second = Migrator.migrate(pool: other, logger: TestDatabase.logger, migrations: migrations)
            let (a, b) = try await (first, second)
            await other.close()

            #expect((a + b).sorted() == [1, 2, 3])
            #expect(a.isEmpty || b.isEmpty)
            let log = try await pool.query("select version from applied_log order by version")
            #expect(try log.map { try $0.decode(Int.self, at: 0) } == [2, 3])
            #expect(try await pool.query("select count(*) from schema_migrations").first?.decode(Int.self, at: 0) == 3)
        }
    }

    @Test("the project's migrations from two pools at once also apply once")
    func concurrentProjectMigrations() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, schema in
            let other = PostgresPool(
                configuration: try TestDatabase.configuration(searchPath: schema, poolSize: 1),
                logger: TestDatabase.logger)
            async let first = Migrator.migrate(pool: pool, logger: TestDatabase.logger)
            async let second = Migrator.migrate(pool: other, logger: TestDatabase.logger)
            let (a, b) = try await (first, second)
            await other.close()
            #expect((a + b).sorted() == Migration.all.map(\.version))
        }
    }

    @Test("duplicate or non-positive versions are refused before touching the database")
    func invalidList() async throws {
        try await TestDatabase.withSchema(poolSize: 1) { pool, _ in
            let duplicate = [
                Migration(version: 1, name: "a", sql: "select 1"),
                Migration(version: 1, name: "b", sql: "select 2"),
            ]
            await #expect(throws: MigrationError.self) {
                try await Migrator.migrate(pool: pool, logger: TestDatabase.logger, migrations: duplicate)
            }
            await #expect(throws: MigrationError.self) {
                try await Migrator.migrate(
                    pool: pool, logger: TestDatabase.logger,
                    migrations: [Migration(version: 0, name: "z", sql: "select 1")])
            }
            let untouched = try await pool.query("select to_regclass('schema_migrations') is null").first?.decode(
                Bool.self, at: 0)
            #expect(untouched == true)
        }
    }

    @Test("checksums are FNV-1a 64 in hex, stable and sensitive to edits")
    func checksums() {
        #expect(Migration.checksum(of: "") == "cbf29ce484222325")
        #expect(Migration.checksum(of: "a") == "af63dc4c8601ec8c")
        #expect(Migration.checksum(of: "foobar") == "85944171f73967e8")
        #expect(
            Migration(version: 1, name: "x", sql: "select 1").checksum
                != Migration(version: 1, name: "x", sql: "select 2").checksum)
    }

    @Test("the project's migration list is ordered with unique versions")
    func projectList() {
        let versions = Migration.all.map(\.version)
        #expect(versions == versions.sorted())
        #expect(Set(versions).count == versions.count)
        #expect(versions.first == 1)
    }
}
