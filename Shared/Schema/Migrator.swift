import Logging
import Postgres

/// Applies ``Migration``s that the database does not have yet.
///
/// Every service calls this at start. A session-level advisory lock serialises them: when several
/// processes start at once, one migrates while the others wait on the lock, then find nothing to do. The lock
/// is per schema (the migrations and `schema_migrations` live in the connection's current schema), so
/// deployments that share one database in schemas of their own do not wait in line behind each other.
package enum Migrator {
    /// The first half of the two-part `pg_advisory_lock` key every process of the platform uses for migrating
    /// ("apmi"); the second half is `hashtext(current_schema())`.
    package static let advisoryLockKey: Int32 = 0x6170_6d69

    /// Takes the advisory lock on one pooled connection, checks the checksums of applied migrations,
    /// applies the missing ones (each in its own transaction with its `schema_migrations` row) and
    /// releases the lock, also on error. Returns the versions it applied, ascending.
    @discardableResult
    package static func migrate(
        pool: PostgresPool, logger: Logger, migrations: [Migration] = Migration.all
    ) async throws(MigrationError) -> [Int] {
        let ordered = try validated(migrations)
        do {
            return try await pool.withConnection { connection in
                try await withAdvisoryLock(on: connection, logger: logger) {
                    try await applyMissing(ordered, on: connection, logger: logger)
                }
            }
        } catch let error as MigrationError {
            throw error
        } catch let error as PostgresError {
            throw .database(error)
        } catch {
            throw .database(PostgresError(.cancelled, "migrating was interrupted"))
        }
    }

    private static func validated(_ migrations: [Migration]) throws(MigrationError) -> [Migration] {
        var seen = Set<Int>()
        for migration in migrations {
            guard migration.version > 0 else {
                throw .invalidMigrations("version \(migration.version) is not positive")
            }
            guard seen.insert(migration.version).inserted else {
                throw .invalidMigrations("version \(migration.version) appears more than once")
            }
        }
        return migrations.sorted { $0.version < $1.version }
    }

    private static func withAdvisoryLock<Result>(
        on connection: PostgresConnection, logger: Logger, _ body: () async throws -> Result
    ) async throws -> Result {
        logger.debug("waiting for the schema migration lock")
        // Waiting in line for the lock (fair, unlike polling) and a migration's DDL may last longer than an API
        // statement may: both run without `statement_timeout`, which is put back afterwards. (The client's query
        // deadline still applies; a start-up that hits it retries.)
        let statementTimeout =
            try await connection.query("select current_setting('statement_timeout') as value")
            .first?.decode(String.self, "value") ?? "0"
        try await connection.execute("select set_config('statement_timeout', '0', false)")
        let restore = {
            _ = try? await connection.execute("select set_config('statement_timeout', $1, false)", [statementTimeout])
        }
        let result: Result
        do {
            try await connection.execute(
                "select pg_advisory_lock($1::int, hashtext(current_schema()))", [Int(advisoryLockKey)])
            do {
                result = try await body()
            } catch {
                await unlock(connection, logger: logger)
                throw error
            }
            await unlock(connection, logger: logger)
        } catch {
            await restore()
            throw error
        }
        await restore()
        return result
    }

    /// A lock that cannot be released would block every later migration: closing the session is the
    /// server-side way to drop it (and the pool then discards the connection).
    private static func unlock(_ connection: PostgresConnection, logger: Logger) async {
        do {
            let released = try await connection.query(
                "select pg_advisory_unlock($1::int, hashtext(current_schema()))", [Int(advisoryLockKey)])
            if try released.first?.decode(Bool.self, at: 0) == true { return }
            logger.warning("the schema migration lock was not held at release")
        } catch {
            logger.warning(
                "cannot release the schema migration lock, closing its connection", metadata: ["error": "\(error)"])
            await connection.close()
        }
    }

    private static func applyMissing(
        _ migrations: [Migration], on connection: PostgresConnection, logger: Logger
    ) async throws -> [Int] {
        try await connection.executeScript(
            """
            create table if not exists schema_migrations (
                version int primary key,
                name text not null,
                checksum text not null,
                applied_at timestamptz not null default now()
            )
            """)
        var applied: [Int: String] = [:]
        for row in try await connection.query("select version, checksum from schema_migrations") {
            applied[try row.decode(Int.self, "version")] = try row.decode(String.self, "checksum")
        }
        for migration in migrations {
            if let checksum = applied[migration.version], checksum != migration.checksum {
                throw MigrationError.checksumMismatch(version: migration.version, name: migration.name)
            }
        }
        let known = Set(migrations.map(\.version))
        let unknown = applied.keys.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            // A newer build migrated this database first (rolling deploy): older code keeps running.
            logger.warning(
                "the database has migrations this build does not know", metadata: ["migration.versions": "\(unknown)"])
        }

        var newlyApplied: [Int] = []
        for migration in migrations where applied[migration.version] == nil {
            try await apply(migration, on: connection)
            logger.info(
                "schema migration applied",
                metadata: ["migration.version": "\(migration.version)", "migration.name": "\(migration.name)"])
            newlyApplied.append(migration.version)
        }
        return newlyApplied
    }

    private static func apply(_ migration: Migration, on connection: PostgresConnection) async throws(MigrationError) {
        do {
            try await connection.withTransaction { transaction in
                try await transaction.executeScript(migration.sql)
                try await transaction.execute(
                    "insert into schema_migrations (version, name, checksum) values ($1, $2, $3)",
                    [migration.version, migration.name, migration.checksum])
            }
        } catch let error as PostgresError {
            throw .migrationFailed(version: migration.version, name: migration.name, error)
        } catch {
            throw .migrationFailed(
                version: migration.version, name: migration.name, PostgresError(.cancelled, "interrupted"))
        }
    }
}
