import Foundation
import Postgres

/// One event for one endpoint (`webhook_deliveries`): `pending` until an attempt succeeds (`succeeded`) or
/// the retry schedule runs out (`dead`). `payload` is the exact body every attempt sends.
struct WebhookDelivery: Sendable, Hashable {
    var id: Int64
    var endpointID: UUID
    var eventID: String
    var eventType: String
    var payload: String
    var state: String
    var attempts: Int
    /// Attempts since the delivery was made or last replayed: where it is in the retry schedule.
    var cycleAttempts: Int
    var nextAttemptAt: Date
    var lastStatusCode: Int?
    var lastLatencyMs: Int?
    var lastError: String?
    var createdAt: Date
    var finishedAt: Date?

    static let columns = """
        id, endpoint_id, event_id, event_type, payload, state, attempts, cycle_attempts, next_attempt_at, last_status_code,
        last_latency_ms, last_error, created_at, finished_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(Int64.self, "id")
        endpointID = try row.decode(UUID.self, "endpoint_id")
        eventID = try row.decode(String.self, "event_id")
        eventType = try row.decode(String.self, "event_type")
        payload = try row.decode(String.self, "payload")
        state = try row.decode(String.self, "state")
        attempts = try row.decode(Int.self, "attempts")
        cycleAttempts = try row.decode(Int.self, "cycle_attempts")
        nextAttemptAt = try row.decode(Date.self, "next_attempt_at")
        lastStatusCode = try row.decode(Int?.self, "last_status_code")
        lastLatencyMs = try row.decode(Int?.self, "last_latency_ms")
        lastError = try row.decode(String?.self, "last_error")
        createdAt = try row.decode(Date.self, "created_at")
        finishedAt = try row.decode(Date?.self, "finished_at")
    }
}

/// One attempt of a delivery and what the endpoint answered.
struct WebhookAttempt: Sendable, Hashable, Codable {
    var attempt: Int
    var at: Date
    var statusCode: Int?
    var latencyMs: Int
    var error: String?
}

/// An endpoint a gateway holds the lease of, with what it needs to deliver.
struct ClaimedEndpoint: Sendable {
    var id: UUID
    var accountID: UUID
    var url: String
    var secrets: WebhookEndpointStore.SealedSecrets
}
