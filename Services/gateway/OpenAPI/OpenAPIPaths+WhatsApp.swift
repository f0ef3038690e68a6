/// WhatsApp sessions and sends, the sandbox phone, and the worker registry.
extension OpenAPIDocument {
    static func whatsAppOperations() -> [OpenAPIOperation] {
        let s = Schema.self
        let idempotency: [(String, JSONObject)] = [("Idempotency-Key", s.string(minLength: 1, maxLength: 255))]
        let session = s.ref("Session")
        let send = s.closed(
            [
                "to": s.string(minLength: 1, maxLength: 40), "text": s.string(minLength: 1, maxLength: 4096),
                "media": s.closed(
                    [
                        "type": s.string(oneOf: ["image", "video", "audio", "document"]),
                        "url": s.string(format: "uri"),
                        "caption": s.string(maxLength: 1024), "filename": s.string(maxLength: 255),
                    ], required: ["type", "url"]),
                "template": s.closed(
                    [
                        "name": s.string(minLength: 1, maxLength: 512),
                        "language": s.string(minLength: 2, maxLength: 20),
                        "parameters": s.array(s.string()),
                    ], required: ["name", "language"]),
            ], required: ["to"])
        let accepted: [(Int, String, JSONObject?)] = [
            (202, "Accepted.", s.ref("Message")), (200, "The same Idempotency-Key again.", s.ref("Message")),
        ]
        var qr = OpenAPIOperation(
            "get", "/api/sessions/{id}/qr", tag: "WhatsApp", "The current QR code while one is live.",
            query: [("format", s.string(oneOf: ["json", "png", "svg"]), false)],
            responses: [(200, "The QR: JSON, or an image with ?format=png|svg.", s.anyObject())])
        qr.alternateTypes = ["image/png", "image/svg+xml"]
        return [
            qr,
            .init(
                "post", "/api/sessions", tag: "WhatsApp", "Create a session, placed on the live worker with room.",
                body: s.closed(
                    [
                        "name": s.string(minLength: 1, maxLength: 64),
                        "engine": s.string(oneOf: ["sandbox", "cloud", "twilio", "whatsmeow"]),
                        "pacing": s.closed(
                            [
                                "minGapSeconds": s.number(minimum: 0), "jitterSeconds": s.number(minimum: 0),
                                "dailyCap": s.integer(minimum: 1),
                            ]),
                        "cloud": s.closed(
                            ["phoneNumberId": s.string(minLength: 1), "accessToken": s.string(minLength: 1)],
                            required: ["phoneNumberId", "accessToken"]),
                        "twilio": s.closed(["from": s.string(minLength: 1)], required: ["from"]),
                    ], required: ["name"]),
                responses: [(201, "Created.", session)]),
            .init(
                "get", "/api/sessions", tag: "WhatsApp", "The account's sessions.",
                responses: [(200, "Sessions.", s.array(session))]),
            .init(
                "get", "/api/sessions/{id}", tag: "WhatsApp", "A session.", responses: [(200, "The session.", session)]),
            .init(
                "delete", "/api/sessions/{id}", tag: "WhatsApp", "Delete a session.",
                responses: [(204, "Deleted.", nil), (202, "Being deleted.", s.anyObject())]),
            .init(
                "get", "/api/sessions/{id}/events", tag: "WhatsApp", "Server-Sent Events of the session's status.",
                responses: [
                    (
                        200, "An event stream: `event` session.status or session.qr, `data` the session as JSON.",
                        s.open(["event": s.string(), "data": s.string(), "id": s.string()])
                    )
                ], responseType: "text/event-stream"),
            .init(
                "post", "/api/sessions/{id}/restart", tag: "WhatsApp", "Restart the session on its worker.",
                responses: [(202, "Commanded.", nil)]),
            .init(
                "post", "/api/sessions/{id}/logout", tag: "WhatsApp", "Log the session out.",
                responses: [(202, "Commanded.", nil)]),
            .init(
                "post", "/api/sessions/{id}/pairing-code", tag: "WhatsApp", "Link by phone number instead of a QR.",
                body: s.closed(["phoneNumber": s.string(minLength: 1, maxLength: 40)], required: ["phoneNumber"]),
                responses: [(200, "The code.", s.anyObject())]),
            .init(
                "post", "/api/sessions/{id}/send", tag: "WhatsApp",
                "Send text, media or a template through the session.",
                headers: idempotency, body: send, responses: accepted),
            .init(
                "post", "/api/whatsapp/text", tag: "WhatsApp", "Send through the account's first connected session.",
                headers: idempotency,
                body: s.closed(
                    [
                        "senderPhone": s.string(minLength: 1, maxLength: 40),
                        "recipientPhone": s.string(minLength: 1, maxLength: 40),
                        "message": s.string(minLength: 1, maxLength: 4096),
                    ], required: ["recipientPhone", "message"]),
                responses: accepted),
            .init(
                "post", "/api/admin/sessions/{id}/scan", tag: "Sandbox", "The sandbox phone scans the current QR.",
                auth: .adminSecret, responses: [(202, "Scanned.", s.anyObject())]),
            .init(
                "post", "/api/admin/sessions/{id}/pair", tag: "Sandbox", "The sandbox phone enters the pairing code.",
                auth: .adminSecret, body: s.closed(["code": s.string(minLength: 1, maxLength: 20)], required: ["code"]),
                responses: [(202, "Paired.", s.anyObject())]),
            .init(
                "post", "/api/admin/sessions/{id}/inbound", tag: "Sandbox", "A message into a sandbox session.",
                auth: .adminSecret,
                body: s.closed(
                    ["from": s.string(minLength: 1, maxLength: 40), "text": s.string(minLength: 1, maxLength: 4096)],
                    required: ["from", "text"]),
                responses: [(202, "Delivered in.", s.anyObject())]),
            .init(
                "post", "/api/admin/sessions/{id}/disconnect", tag: "Sandbox", "The sandbox connection drops.",
                auth: .adminSecret, body: s.closed(["kind": s.string()]), responses: [(202, "Dropped.", s.anyObject())]),
            .init(
                "post", "/api/admin/workers/register", tag: "Workers", "A whatsapp-gateway process registers.",
                auth: .workerToken,
                body: s.closed(
                    [
                        "workerId": s.string(minLength: 1, maxLength: 64),
                        "instanceId": s.string(minLength: 1, maxLength: 64),
                        "endpoint": s.string(), "maxSessions": s.integer(minimum: 1),
                    ], required: ["workerId", "instanceId"]),
                responses: [(200, "Registered.", s.anyObject()), (201, "Registered.", s.anyObject())]),
            .init(
                "put", "/api/admin/workers/{id}/heartbeat", tag: "Workers", "A worker's heartbeat.", auth: .workerToken,
                body: s.closed(
                    [
                        "instanceId": s.string(minLength: 1, maxLength: 64), "sessions": s.array(s.string()),
                        "cpuPercent": s.number(minimum: 0), "memoryBytes": s.integer(minimum: 0),
                        "activeConnections": s.integer(minimum: 0),
                    ], required: ["instanceId"]),
                responses: [(200, "Its sessions.", s.anyObject())]),
            .init(
                "post", "/api/admin/workers/{id}/deregister", tag: "Workers", "A worker stops.", auth: .workerToken,
                body: s.closed(["instanceId": s.string(minLength: 1, maxLength: 64)], required: ["instanceId"]),
                responses: [(204, "Deregistered.", nil)]),
            .init(
                "get", "/api/admin/workers", tag: "Workers", "Workers with status, load, CPU and memory.",
                auth: .adminSecret, responses: [(200, "Workers.", s.anyArray())]),
        ]
    }
}
