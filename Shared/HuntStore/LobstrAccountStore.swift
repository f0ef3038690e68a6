import Cryptography
import Foundation
import Postgres

/// An account's Lobstr connection: its API key sealed with the platform's keyring (bound to the account through
/// associated data) and the webhook token Lobstr calls back with, kept only as its SHA-256 (the token is shown
/// once, in the webhook URL, when the key is stored; storing again makes a new one).
package struct LobstrAccountStore: Sendable {
    let pool: PostgresPool
    let keyring: SealingKeyring

    package init(pool: PostgresPool, keyring: SealingKeyring) {
        self.pool = pool
        self.keyring = keyring
    }

    /// Stores `apiKey` and a new webhook token; returns the token.
    package func save(accountID: UUID, apiKey: String) async throws(HuntStoreError) -> String {
        do {
            let token = try SecureRandom.hexToken(byteCount: 32)
            let box = try keyring.seal(Array(apiKey.utf8), associatedData: Self.associatedData(accountID))
            try await pool.execute(
                """
                insert into lobstr_accounts (account_id, sealed_api_key, key_id, webhook_token_sha256)
                values ($1, $2, $3, $4)
                on conflict (account_id) do update set sealed_api_key = excluded.sealed_api_key,
                    key_id = excluded.key_id, webhook_token_sha256 = excluded.webhook_token_sha256, updated_at = now()
                """,
                [accountID, box.text, box.keyID, try Digest.sha256Hex(token)])
            return token
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// Whether `token` is the account's webhook token (compared as digests, in constant time); false for an
    /// account without Lobstr.
    package func isWebhookToken(_ token: String, accountID: UUID) async throws(HuntStoreError) -> Bool {
        do {
            let rows = try await pool.query(
                "select webhook_token_sha256 from lobstr_accounts where account_id = $1", [accountID])
            guard let stored = try rows.first?.decode(String.self, "webhook_token_sha256") else { return false }
            return ConstantTime.isEqual(try Digest.sha256Hex(token), stored)
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// The account's Lobstr API key, or nil.
    package func apiKey(accountID: UUID) async throws(HuntStoreError) -> String? {
        do {
            let rows = try await pool.query(
                "select sealed_api_key from lobstr_accounts where account_id = $1", [accountID])
            guard let sealed = try rows.first?.decode(String.self, "sealed_api_key") else { return nil }
            let key = try keyring.open(try SealedBox(text: sealed), associatedData: Self.associatedData(accountID))
            return String(decoding: key, as: UTF8.self)
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    private static func associatedData(_ accountID: UUID) -> [UInt8] {
        Array("lobstr_accounts:\(accountID.uuidString.lowercased())".utf8)
    }
}
