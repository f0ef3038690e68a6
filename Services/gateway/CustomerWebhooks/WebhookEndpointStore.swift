import Cryptography
import Foundation
import Postgres

/// An account's webhook endpoints in Postgres. Signing secrets are sealed with the platform keyring (bound to
/// their endpoint) and shown once: at creation and at each rotation.
struct WebhookEndpointStore: Sendable {
    let pool: PostgresPool
    let keyring: SealingKeyring

    /// Creates the endpoint with a new secret: (the endpoint, the secret).
    func create(accountID: UUID, _ fields: WebhookEndpointFields) async throws -> (WebhookEndpoint, String) {
        let id = UUID()
        let secret = try WebhookSigning.newSecret()
        let rows = try await pool.query(
            """
            insert into webhook_endpoints (id, account_id, url, description, event_types, enabled, sealed_secret)
            values ($1, $2, $3, $4, string_to_array($5, ','), $6, $7)
            returning \(WebhookEndpoint.columns)
            """,
            [
                id, accountID, fields.url, fields.description, fields.eventTypes.joined(separator: ","), fields.enabled,
                try seal(secret, endpointID: id),
            ])
        return (try WebhookEndpoint(row: rows[0]), secret)
    }

    func list(accountID: UUID) async throws -> [WebhookEndpoint] {
        try await pool.query(
            "select \(WebhookEndpoint.columns) from webhook_endpoints where account_id = $1 order by created_at, id",
            [accountID]
        ).map(WebhookEndpoint.init(row:))
    }

    func find(accountID: UUID, id: UUID) async throws -> WebhookEndpoint? {
        try await pool.query(
            "select \(WebhookEndpoint.columns) from webhook_endpoints where account_id = $1 and id = $2",
            [accountID, id]
        ).first.map(WebhookEndpoint.init(row:))
    }

    /// Replaces the fields; enabling an endpoint clears why it was disabled and its run of dead letters.
    func update(accountID: UUID, id: UUID, _ fields: WebhookEndpointFields) async throws -> WebhookEndpoint? {
        try await pool.query(
            """
            update webhook_endpoints set url = $3, description = $4, event_types = string_to_array($5, ','),
                enabled = $6, updated_at = now(),
                disabled_reason = case when $6 then null else disabled_reason end,
                consecutive_dead = case when $6 and not enabled then 0 else consecutive_dead end
            where account_id = $1 and id = $2
            returning \(WebhookEndpoint.columns)
            """,
            [accountID, id, fields.url, fields.description, fields.eventTypes.joined(separator: ","), fields.enabled]
        ).first.map(WebhookEndpoint.init(row:))
    }

    /// Deletes the endpoint and its deliveries.
    func delete(accountID: UUID, id: UUID) async throws -> Bool {
        try await pool.execute("delete from webhook_endpoints where account_id = $1 and id = $2", [accountID, id]) > 0
    }

    /// A new secret; the current one keeps signing beside it for `grace`. Nil: no such endpoint.
    func rotate(accountID: UUID, id: UUID, grace: Duration) async throws -> (String, Date)? {
        let secret = try WebhookSigning.newSecret()
        let until = Date().addingTimeInterval(Double(grace.components.seconds))
        let rows = try await pool.query(
            """
            update webhook_endpoints set sealed_previous_secret = sealed_secret, previous_secret_until = $3,
                sealed_secret = $4, updated_at = now()
            where account_id = $1 and id = $2 returning id
            """,
            [accountID, id, until, try seal(secret, endpointID: id)])
        return rows.isEmpty ? nil : (secret, until)
    }

    /// The secrets that sign a delivery now: the current one, then the previous one during its grace.
    func secrets(_ sealed: SealedSecrets, endpointID: UUID, now: Date = Date()) throws -> [String] {
        var secrets = [try open(sealed.current, endpointID: endpointID)]
        if let previous = sealed.previous, let until = sealed.previousUntil, until > now {
            secrets.append(try open(previous, endpointID: endpointID))
        }
        return secrets
    }

    /// An endpoint's sealed secrets as stored.
    struct SealedSecrets: Sendable {
        var current: String
        var previous: String?
        var previousUntil: Date?
    }

    private func seal(_ secret: String, endpointID: UUID) throws -> String {
        try keyring.seal(Array(secret.utf8), associatedData: Self.associatedData(endpointID)).text
    }

    private func open(_ sealed: String, endpointID: UUID) throws -> String {
        String(
            decoding: try keyring.open(try SealedBox(text: sealed), associatedData: Self.associatedData(endpointID)),
            as: UTF8.self)
    }

    private static func associatedData(_ endpointID: UUID) -> [UInt8] {
        Array("webhook_endpoints:\(endpointID.uuidString.lowercased())".utf8)
    }
}
