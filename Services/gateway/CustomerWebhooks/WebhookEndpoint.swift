import Foundation
import Postgres

/// One of an account's webhook endpoints (`webhook_endpoints`), without its secrets.
struct WebhookEndpoint: Sendable, Hashable {
    var id: UUID
    var accountID: UUID
    var url: String
    var description: String?
    /// The event types delivered; empty: all of them.
    var eventTypes: [String]
    var enabled: Bool
    var disabledReason: String?
    /// Until when the secret replaced by the last rotation still signs.
    var previousSecretUntil: Date?
    var createdAt: Date
    var updatedAt: Date

    static let columns = """
        id, account_id, url, description, array_to_string(event_types, ',') as event_types, enabled,
        disabled_reason, previous_secret_until, created_at, updated_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, "id")
        accountID = try row.decode(UUID.self, "account_id")
        url = try row.decode(String.self, "url")
        description = try row.decode(String?.self, "description")
        eventTypes = try row.decode(String.self, "event_types").split(separator: ",").map(String.init)
        enabled = try row.decode(Bool.self, "enabled")
        disabledReason = try row.decode(String?.self, "disabled_reason")
        previousSecretUntil = try row.decode(Date?.self, "previous_secret_until")
        createdAt = try row.decode(Date.self, "created_at")
        updatedAt = try row.decode(Date.self, "updated_at")
    }
}

/// The fields an endpoint is created or updated with, checked.
struct WebhookEndpointFields: Sendable, Hashable {
    var url: String
    var description: String?
    var eventTypes: [String]
    var enabled: Bool
}
