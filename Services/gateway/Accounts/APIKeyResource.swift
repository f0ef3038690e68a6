import Foundation
import Postgres

/// An API key as listed: never the key or its hash, only what identifies it.
///
/// ```json
/// {"accountId":"<uuid>","createdAt":"2026-05-01T10:00:00Z","id":"<uuid>","name":"ci","prefix":"3f9a0c1b2d4e"}
/// ```
/// `revokedAt` appears once the key is revoked.
package struct APIKeyResource: Sendable, Hashable, Codable {
    package var id: String
    package var accountId: String
    package var name: String
    /// The key's first part (`ap_<prefix>_...`), to tell keys apart.
    package var prefix: String
    package var createdAt: String
    package var revokedAt: String?

    static let columns = "id, account_id, name, prefix, created_at, revoked_at"

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, "id").uuidString.lowercased()
        accountId = try row.decode(UUID.self, "account_id").uuidString.lowercased()
        name = try row.decode(String.self, "name")
        prefix = try row.decode(String.self, "prefix")
        createdAt = try row.decode(Date.self, "created_at").formatted(.iso8601)
        revokedAt = try row.decode(Date?.self, "revoked_at")?.formatted(.iso8601)
    }
}
