import Foundation
import Postgres

/// The `accounts` table.
struct AccountRepository: Sendable {
    let pool: PostgresPool

    func create(name: String) async throws -> AccountResource {
        let rows = try await pool.query(
            "insert into accounts (name) values ($1) returning id, name, created_at", [name])
        guard let row = rows.first else { throw PostgresError(.decoding, "the insert returned no account") }
        return try AccountResource(row: row)
    }

    /// The account, or nil when there is none with this id.
    func find(id: UUID) async throws -> AccountResource? {
        let rows = try await pool.query("select id, name, created_at from accounts where id = $1", [id])
        return try rows.first.map(AccountResource.init(row:))
    }
}
