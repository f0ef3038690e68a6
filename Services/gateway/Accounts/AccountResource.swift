import Foundation
import Postgres

/// An account as the admin API shows it: `{"createdAt":"2026-05-01T10:00:00Z","id":"<uuid>","name":"Acme"}`.
package struct AccountResource: Sendable, Hashable, Codable {
    package var id: String
    package var name: String
    /// ISO 8601, UTC.
    package var createdAt: String

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, "id").uuidString.lowercased()
        name = try row.decode(String.self, "name")
        createdAt = try row.decode(Date.self, "created_at").formatted(.iso8601)
    }
}
