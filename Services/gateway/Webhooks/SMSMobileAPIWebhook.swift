import Foundation

/// An SMSMobileAPI Webhook V2 event envelope (PROVIDERS.md §1.4). The official examples dedupe on
/// ``eventID`` and answer 202, or 200 for a duplicate.
package struct SMSMobileAPIWebhook: Sendable, Equatable {
    /// The event's unique id (`id`, a UUID): the deduplication key.
    package var eventID: String
    /// The event type as sent (`type`).
    package var typeName: String
    /// The event type, nil for a type this build does not know (a newer one: acknowledge and ignore it).
    package var type: SMSMobileAPIEventType? { SMSMobileAPIEventType(rawValue: typeName) }
    /// The webhook format version (`api_version`).
    package var apiVersion: String?
    /// When the event record was created (`created_at`, ISO 8601 as sent).
    package var createdAt: String?
    /// When the event happened (`occurred_at`, ISO 8601 as sent).
    package var occurredAt: String?
    /// The event's payload.
    package var data: SMSMobileAPIEventData

    /// Decodes an envelope from the raw JSON body. Throws ``WebhookError/malformedBody(_:)`` if it is not
    /// a JSON object with string `id` and `type` and an object (or absent) `data`.
    package init(json body: [UInt8]) throws(WebhookError) {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(body))
        } catch {
            throw .malformedBody("not a JSON event envelope")
        }
        guard !envelope.id.isEmpty else { throw .missingField("id") }
        guard !envelope.type.isEmpty else { throw .missingField("type") }
        eventID = envelope.id
        typeName = envelope.type
        apiVersion = envelope.apiVersion
        createdAt = envelope.createdAt
        occurredAt = envelope.occurredAt
        data = envelope.data ?? SMSMobileAPIEventData()
    }

    /// Verifies the signature headers with ``SMSMobileAPISignature`` (default tolerance), then decodes the
    /// body. Nothing is decoded from an unverified body.
    package static func verified(
        body: [UInt8],
        signatureHeader: String?,
        timestampHeader: String?,
        secret: String,
        now: Int64
    ) throws(WebhookError) -> SMSMobileAPIWebhook {
        try SMSMobileAPISignature.verify(
            signatureHeader: signatureHeader, timestampHeader: timestampHeader, body: body, secret: secret, now: now)
        return try SMSMobileAPIWebhook(json: body)
    }

    private struct Envelope: Decodable {
        var id: String
        var type: String
        var apiVersion: String?
        var createdAt: String?
        var occurredAt: String?
        var data: SMSMobileAPIEventData?

        private enum CodingKeys: String, CodingKey {
            case id, type, data
            case apiVersion = "api_version"
            case createdAt = "created_at"
            case occurredAt = "occurred_at"
        }
    }
}
