import Foundation

/// `POST /api/webhooks` body, and `PATCH /api/webhooks/{id}` (every field optional there, merged with the
/// stored endpoint, then checked as a whole):
///
/// ```json
/// {"url": "https://crm.example.com/hooks/auto-prospect", "events": ["message.status", "message.inbound"],
///  "description": "CRM", "enabled": true}
/// ```
///
/// `events` empty or absent: every event type (``WebhookEventTypes``).
struct WebhookRequest: StrictJSONBody {
    static let fields: Set<String> = ["url", "events", "description", "enabled"]
    static let optionalFields: Set<String> = ["events", "description", "enabled"]

    var url: String
    var events: [String]?
    var description: String?
    var enabled: Bool?

    /// The checked fields, or 422 naming every bad one.
    func checked(_ check: WebhookURLCheck) async throws -> WebhookEndpointFields {
        var errors: [ProblemDetails.FieldError] = []
        if let problem = await check.problem(with: url) { errors.append(.init(field: "url", message: problem)) }
        let events = events ?? []
        if let unknown = events.first(where: { !WebhookEventTypes.known.contains($0) }) {
            errors.append(
                .init(
                    field: "events",
                    message:
                        "unknown event type \(unknown.prefix(60)); known: \(WebhookEventTypes.all.joined(separator: " "))"
                ))
        }
        if events.count > WebhookEventTypes.all.count {
            errors.append(.init(field: "events", message: "lists an event type more than once"))
        }
        if let description, description.count > 200 {
            errors.append(.init(field: "description", message: "must be at most 200 characters"))
        }
        guard errors.isEmpty else { throw StrictJSON.invalid(errors) }
        return WebhookEndpointFields(
            url: url, description: description, eventTypes: Array(Set(events)).sorted(), enabled: enabled ?? true)
    }
}

/// `PATCH /api/webhooks/{id}` body: any of the fields.
struct WebhookPatch: StrictJSONBody {
    static let fields: Set<String> = WebhookRequest.fields
    static let optionalFields: Set<String> = WebhookRequest.fields

    var url: String?
    var events: [String]?
    var description: String?
    var enabled: Bool?

    func merged(into endpoint: WebhookEndpoint) -> WebhookRequest {
        WebhookRequest(
            url: url ?? endpoint.url, events: events ?? endpoint.eventTypes,
            description: description ?? endpoint.description, enabled: enabled ?? endpoint.enabled)
    }
}
