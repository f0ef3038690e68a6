import Foundation

/// An endpoint as the API shows it; `secret` only in the answers that create or rotate it.
struct WebhookResource: Codable, Sendable {
    var id: String
    var url: String
    var description: String?
    var events: [String]
    var enabled: Bool
    var disabledReason: String?
    var previousSecretValidUntil: Date?
    var createdAt: Date
    var updatedAt: Date
    var secret: String?

    init(_ endpoint: WebhookEndpoint, secret: String? = nil) {
        id = endpoint.id.uuidString.lowercased()
        url = endpoint.url
        description = endpoint.description
        events = endpoint.eventTypes
        enabled = endpoint.enabled
        disabledReason = endpoint.disabledReason
        previousSecretValidUntil = endpoint.previousSecretUntil.flatMap { $0 > Date() ? $0 : nil }
        createdAt = endpoint.createdAt
        updatedAt = endpoint.updatedAt
        self.secret = secret
    }
}

/// A delivery as the API shows it: the event, where it stands, its last answer; `attempts` in the detail.
struct WebhookDeliveryResource: Codable, Sendable {
    var id: String
    var eventId: String
    var eventType: String
    var state: String
    var attemptCount: Int
    var nextAttemptAt: Date?
    var lastStatusCode: Int?
    var lastLatencyMs: Int?
    var lastError: String?
    var createdAt: Date
    var finishedAt: Date?
    var payload: String?
    var attempts: [WebhookAttempt]?

    init(_ delivery: WebhookDelivery, attempts: [WebhookAttempt]? = nil) {
        id = String(delivery.id)
        eventId = delivery.eventID
        eventType = delivery.eventType
        state = delivery.state
        attemptCount = delivery.attempts
        nextAttemptAt = delivery.state == "pending" ? delivery.nextAttemptAt : nil
        lastStatusCode = delivery.lastStatusCode
        lastLatencyMs = delivery.lastLatencyMs
        lastError = delivery.lastError
        createdAt = delivery.createdAt
        finishedAt = delivery.finishedAt
        payload = attempts == nil ? nil : delivery.payload
        self.attempts = attempts
    }
}
