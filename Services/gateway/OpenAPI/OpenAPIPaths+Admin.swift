/// Accounts, API keys, credits, queues and the invariant check (admin secret); health and metrics (public).
extension OpenAPIDocument {
    static func adminOperations() -> [OpenAPIOperation] {
        let s = Schema.self
        let limit: (String, JSONObject, Bool) = ("limit", s.integer(minimum: 1, maximum: 500), false)
        return [
            .init(
                "post", "/api/admin/accounts", tag: "Admin", "Create an account.", auth: .adminSecret,
                body: s.closed(["name": s.string(minLength: 1, maxLength: 200)], required: ["name"]),
                responses: [(201, "Created.", s.ref("Account"))]),
            .init(
                "get", "/api/admin/accounts/{id}", tag: "Admin", "An account.", auth: .adminSecret,
                responses: [(200, "The account.", s.ref("Account"))]),
            .init(
                "post", "/api/admin/accounts/{id}/api-keys", tag: "Admin", "Issue an API key (shown once).",
                auth: .adminSecret,
                body: s.closed(["name": s.string(minLength: 1, maxLength: 200)], required: ["name"]),
                responses: [(201, "Issued.", s.ref("APIKey"))]),
            .init(
                "get", "/api/admin/accounts/{id}/api-keys", tag: "Admin", "An account's keys (never the key).",
                auth: .adminSecret, responses: [(200, "Keys.", s.array(s.ref("APIKey")))]),
            .init(
                "delete", "/api/admin/accounts/{id}/api-keys/{keyId}", tag: "Admin", "Revoke a key.",
                auth: .adminSecret,
                responses: [(204, "Revoked.", nil)]),
            .init(
                "post", "/api/admin/accounts/{id}/credits", tag: "Admin", "Grant credits on a channel.",
                auth: .adminSecret,
                body: s.closed(
                    [
                        "channel": s.string(oneOf: ["sms", "whatsapp", "voice"]),
                        "amount": s.integer(minimum: 1, maximum: 1_000_000_000),
                    ],
                    required: ["channel", "amount"]),
                responses: [(200, "The balance.", s.anyObject())]),
            .init(
                "get", "/api/admin/queues", tag: "Admin", "Every queue's figures.", auth: .adminSecret,
                responses: [(200, "Per queue.", s.array(s.ref("QueueStats")))]),
            .init(
                "get", "/api/admin/queues/{queue}", tag: "Admin", "One queue's figures.", auth: .adminSecret,
                responses: [(200, "The queue.", s.ref("QueueStats"))]),
            .init(
                "get", "/api/admin/queues/{queue}/jobs/{jobId}", tag: "Admin", "One job's state.", auth: .adminSecret,
                responses: [(200, "The job.", s.anyObject())]),
            .init(
                "get", "/api/admin/queues/{queue}/dead-letters", tag: "Admin", "A queue's dead letters.",
                auth: .adminSecret, query: [limit], responses: [(200, "Dead letters.", s.anyArray())]),
            .init(
                "post", "/api/admin/queues/{queue}/dead-letters/{id}/replay", tag: "Admin", "Replay a dead letter.",
                auth: .adminSecret, responses: [(202, "Replayed.", s.anyObject())]),
            .init(
                "get", "/api/admin/invariants", tag: "Admin", "Nothing stuck: unsent past expiry, holds, live jobs.",
                auth: .adminSecret, responses: [(200, "The report.", s.anyObject())]),
            .init(
                "get", "/health", tag: "Operations", "Liveness.", auth: .none,
                responses: [(200, "Alive.", s.ref("Health"))]),
            .init(
                "get", "/ready", tag: "Operations", "Readiness: Redis and Postgres answer.", auth: .none,
                responses: [(200, "Ready.", s.ref("Health")), (503, "Not ready.", s.ref("Health"))]),
            .init(
                "get", "/metrics", tag: "Operations", "Prometheus metrics.", auth: .none,
                responses: [(200, "Text exposition format.", s.string())], responseType: "text/plain"),
            .init(
                "get", "/openapi.json", tag: "Operations", "This document.", auth: .none,
                responses: [(200, "OpenAPI 3.1.", s.anyObject())]),
            .init(
                "get", "/docs", tag: "Operations", "A reference page of this document (no external assets).",
                auth: .none, responses: [(200, "HTML.", s.string())], responseType: "text/html"),
        ]
    }
}
