import Cryptography
import Foundation
import Postgres

/// The `api_keys` table: keys are stored as their prefix and SHA-256 only.
struct APIKeyRepository: Sendable {
    let pool: PostgresPool

    /// Issues a new key for the account (which must exist) and returns it with the whole key, once.
    func issue(accountID: UUID, name: String) async throws -> IssuedAPIKey {
        let token = try APIKeyToken.generate()
        let rows = try await pool.query(
            """
            insert into api_keys (account_id, name, prefix, key_hash) values ($1, $2, $3, $4)
            returning \(APIKeyResource.columns)
            """,
            [accountID, name, token.prefix, try APIKeyToken.hash(token.text)])
        guard let row = rows.first else { throw PostgresError(.decoding, "the insert returned no key") }
        return IssuedAPIKey(try APIKeyResource(row: row), key: token.text)
    }

    /// The account's keys, oldest first, revoked ones included.
    func list(accountID: UUID) async throws -> [APIKeyResource] {
        try await pool.query(
            "select \(APIKeyResource.columns) from api_keys where account_id = $1 order by created_at, id",
            [accountID]
        ).map(APIKeyResource.init(row:))
    }

    /// Revokes the key if it belongs to the account (revoking again keeps the first time); false when the
    /// account has no such key.
    func revoke(accountID: UUID, keyID: UUID) async throws -> Bool {
        try await pool.execute(
            "update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 and account_id = $2",
            [keyID, accountID]) == 1
    }

    /// Looks the key up by its prefix and compares hashes in constant time.
    func authenticate(_ text: String) async throws -> APIKeyCheck {
        guard let prefix = APIKeyToken.prefix(of: text) else { return .unknown }
        let hash = Array(try APIKeyToken.hash(text).utf8)
        let rows = try await pool.query(
            "select account_id, key_hash, revoked_at is not null as revoked from api_keys where prefix = $1", [prefix])
        for row in rows where ConstantTime.isEqual(Array(try row.decode(String.self, "key_hash").utf8), hash) {
            return try row.decode(Bool.self, "revoked")
                ? .revoked : .valid(accountID: row.decode(UUID.self, "account_id"))
        }
        return .unknown
    }
}
