import Postgres

/// Why migrating failed. Descriptions name versions and SQLSTATEs, never SQL text or values.
package enum MigrationError: Error, Sendable, CustomStringConvertible {
    /// The migration list itself is wrong (duplicate or non-positive versions).
    case invalidMigrations(String)
    /// An applied migration's SQL differs from the one in this build: it was edited after shipping.
    case checksumMismatch(version: Int, name: String)
    /// A migration's SQL failed; it was rolled back and nothing after it was applied.
    case migrationFailed(version: Int, name: String, PostgresError)
    /// Talking to the database failed outside any one migration (lock, bookkeeping table).
    case database(PostgresError)

    package var description: String {
        switch self {
        case .invalidMigrations(let why):
            "invalid migration list: \(why)"
        case .checksumMismatch(let version, let name):
            "migration \(version) (\(name)) was changed after it was applied: "
                + "its checksum differs from the one in schema_migrations"
        case .migrationFailed(let version, let name, let error):
            "migration \(version) (\(name)) failed and was rolled back: \(error)"
        case .database(let error):
            "migrating failed: \(error)"
        }
    }
}
