import Domain
import Foundation
import Postgres

/// A stored provider credential as the account sees it: which provider is configured and since when,
/// never the secret. `{"channel":"sms","provider":"twilio","updatedAt":"2026-05-01T10:00:00Z"}`.
package struct ChannelCredentialResource: Sendable, Hashable, Codable {
    package var channel: String
    package var provider: String
    package var updatedAt: String

    init(row: PostgresRow) throws {
        channel = try row.decode(String.self, "channel")
        provider = try row.decode(String.self, "provider")
        updatedAt = try row.decode(Date.self, "updated_at").formatted(.iso8601)
    }

    /// The account's configured providers for `channel`, by provider name.
    static func list(accountID: UUID, channel: Channel, pool: PostgresPool) async throws -> [ChannelCredentialResource]
    {
        let rows = try await pool.query(
            """
            select channel, provider, updated_at from channel_credentials
            where account_id = $1 and channel = $2 order by provider
            """,
            [accountID, channel.rawValue])
        return try rows.map(ChannelCredentialResource.init(row:))
    }
}
