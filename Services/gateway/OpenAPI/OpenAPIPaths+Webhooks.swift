/// Customer webhook endpoints (API key) and provider webhooks in (each signed its provider's way).
extension OpenAPIDocument {
    static func webhookOperations() -> [OpenAPIOperation] {
        let s = Schema.self
        let events = s.array(s.string(oneOf: WebhookEventTypes.all), maxItems: WebhookEventTypes.all.count)
        let endpoint = s.closed(
            [
                "url": s.string("http(s); must resolve to public addresses.", format: "uri", maxLength: 2000),
                "events": events, "description": s.string(maxLength: 200), "enabled": s.boolean,
            ], required: ["url"])
        var patch = endpoint
        patch["required"] = [String]()
        let signed = "Signed by the provider; refused (401/403) otherwise."
        return [
            .init(
                "post", "/api/webhooks", tag: "Webhooks", "Register an endpoint (its secret shown once).",
                body: endpoint, responses: [(201, "Created.", s.ref("Webhook"))]),
            .init(
                "get", "/api/webhooks", tag: "Webhooks", "The account's endpoints.",
                responses: [(200, "Endpoints.", s.page(of: "Webhook"))]),
            .init(
                "get", "/api/webhooks/{id}", tag: "Webhooks", "An endpoint.",
                responses: [(200, "The endpoint.", s.ref("Webhook"))]),
            .init(
                "patch", "/api/webhooks/{id}", tag: "Webhooks",
                "Change an endpoint; enabling clears its dead-letter run.", body: patch,
                responses: [(200, "Changed.", s.ref("Webhook"))]),
            .init(
                "delete", "/api/webhooks/{id}", tag: "Webhooks", "Delete an endpoint and its deliveries.",
                responses: [(204, "Deleted.", nil)]),
            .init(
                "post", "/api/webhooks/{id}/rotate-secret", tag: "Webhooks",
                "A new secret; the old one signs beside it for a grace.",
                responses: [(200, "The endpoint with its new secret.", s.ref("Webhook"))]),
            .init(
                "get", "/api/webhooks/{id}/deliveries", tag: "Webhooks", "Deliveries, newest first.",
                query: [
                    ("state", s.string(oneOf: ["pending", "succeeded", "dead"]), false), ("before", s.string(), false),
                    ("limit", s.integer(minimum: 1, maximum: 200), false),
                ], responses: [(200, "A page.", s.page(of: "WebhookDelivery", cursor: "nextCursor"))]),
            .init(
                "get", "/api/webhooks/{id}/deliveries/{delivery}", tag: "Webhooks",
                "A delivery with its body and attempts.",
                responses: [(200, "The delivery.", s.ref("WebhookDelivery"))]),
            .init(
                "post", "/api/webhooks/{id}/deliveries/{delivery}/replay", tag: "Webhooks",
                "Send a finished delivery again.",
                responses: [(202, "Replayed.", nil)]),
            .init(
                "post", "/webhooks/twilio/{accountId}", tag: "Provider webhooks",
                "Twilio status callbacks and incoming messages. " + signed,
                auth: .provider, body: s.anyObject(), bodyType: "application/x-www-form-urlencoded",
                responses: [(200, "TwiML.", s.string())], responseType: "text/xml"),
            .init(
                "post", "/webhooks/smsmobileapi/{accountId}", tag: "Provider webhooks",
                "SMSMobileAPI events. " + signed,
                auth: .provider, body: s.anyObject(), responses: [(200, "Taken.", s.anyObject())]),
            .init(
                "get", "/webhooks/whatsapp/{accountId}", tag: "Provider webhooks",
                "The Cloud API subscription handshake.",
                auth: .provider,
                query: [
                    ("hub.mode", s.string(), false), ("hub.verify_token", s.string(), false),
                    ("hub.challenge", s.string(), false),
                ],
                responses: [(200, "The challenge.", s.string())], responseType: "text/plain"),
            .init(
                "post", "/webhooks/whatsapp/{accountId}", tag: "Provider webhooks",
                "Cloud API statuses and messages. " + signed,
                auth: .provider, body: s.anyObject(), responses: [(200, "Taken.", nil)]),
            .init(
                "post", "/webhooks/lobstr/{accountId}", tag: "Provider webhooks",
                "Lobstr run events (the account's token in the URL).",
                auth: .provider, query: [("token", s.string(), false)], body: s.anyObject(),
                responses: [(202, "Taken.", nil)]),
            .init(
                "get", "/webhooks/voicepartner/drops/{campaignId}", tag: "Provider webhooks",
                "Voice Partner's drop aggregate (the campaign's token).",
                auth: .provider, query: [("token", s.string(), false)], responses: [(200, "Taken.", nil)]),
            .init(
                "post", "/webhooks/voicepartner/calls/{campaignId}", tag: "Provider webhooks",
                "Voice Partner's per-number call status.",
                auth: .provider, query: [("token", s.string(), false)], body: s.anyObject(),
                responses: [(200, "Taken.", nil)]),
        ]
    }
}
