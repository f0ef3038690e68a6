import Cryptography
import Domain
import Foundation
import Postgres

/// Per-account provider credentials, sealed with the platform's ``SealingKeyring`` before they reach
/// the database. The sealed box is bound to its row (account, channel, provider) through associated
/// data, so a value copied to another row does not open.
package struct ChannelCredentialStore: Sendable {
    let pool: PostgresPool
    let keyring: SealingKeyring

    package init(pool: PostgresPool, keyring: SealingKeyring) {
        self.pool = pool
        self.keyring = keyring
    }

    /// Seals `secret` with the current key and stores it, replacing any earlier value for the same
    /// account, channel and provider.
    package func save(accountID: UUID, channel: Channel, provider: String, secret: [UInt8])
        async throws(MessageStoreError)
    {
        do {
            let box = try keyring.seal(
                secret, associatedData: Self.associatedData(accountID: accountID, channel: channel, provider: provider))
            try await pool.execute(
                """
                insert into channel_credentials (account_id, channel, provider, sealed_secret, key_id)
                values ($1, $2, $3, $4, $5)
                on conflict (account_id, channel, provider) do update set
                    sealed_secret = excluded.sealed_secret, key_id = excluded.key_id, updated_at = now()
                """,
                [accountID, channel.rawValue, provider, box.text, box.keyID])
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Loads and opens the credential.
    ///
    /// - Throws: ``MessageStoreError/credentialNotFound(channel:provider:)``, or
    ///   ``MessageStoreError/sealing(_:)`` when the value cannot be opened with this keyring.
    package func open(accountID: UUID, channel: Channel, provider: String) async throws(MessageStoreError)
        -> ChannelCredential
    {
        do {
            let rows = try await pool.query(
                """
                select sealed_secret from channel_credentials
                where account_id = $1 and channel = $2 and provider = $3
                """,
                [accountID, channel.rawValue, provider])
            guard let row = rows.first else {
                throw MessageStoreError.credentialNotFound(channel: channel, provider: provider)
            }
            let box = try SealedBox(text: try row.decode(String.self, "sealed_secret"))
            let secret = try keyring.open(
                box, associatedData: Self.associatedData(accountID: accountID, channel: channel, provider: provider))
            return ChannelCredential(
                accountID: accountID, channel: channel, provider: provider, keyID: box.keyID, secret: secret)
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    static func associatedData(accountID: UUID, channel: Channel, provider: String) -> [UInt8] {
        Array("channel_credentials:\(accountID.uuidString.lowercased()):\(channel.rawValue):\(provider)".utf8)
    }
}
