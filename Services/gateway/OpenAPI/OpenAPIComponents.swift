/// The document's shared schemas: what the routes answer.
enum OpenAPIComponents {
    static func schemas() -> JSONObject {
        let s = Schema.self
        return [
            "Problem": s.open(
                [
                    "type": s.string("A stable URN, e.g. urn:auto-prospect:problem:validation."),
                    "title": s.string(), "status": s.integer(minimum: 400, maximum: 599), "detail": s.string(),
                    "errors": s.array(
                        s.open(["field": s.string(), "message": s.string()], required: ["field", "message"])),
                ], required: ["type", "title", "status"]
            ).merging([
                "examples": [
                    [
                        "type": "urn:auto-prospect:problem:validation", "title": "Unprocessable Content", "status": 422,
                        "detail": "The request has invalid fields.",
                        "errors": [["field": "recipient", "message": "must be a phone number"]],
                    ]
                ]
            ]) { $1 },
            "Health": s.open(
                ["status": s.string(), "service": s.string(), "checks": s.anyObject()], required: ["status"]),
            "Message": s.open(
                [
                    "messageId": s.uuid, "jobId": s.string(), "queue": s.string(),
                    "channel": s.string(oneOf: ["sms", "whatsapp", "voice"]),
                    "provider": s.string(), "recipient": s.string("E.164."), "segments": s.integer(minimum: 0),
                    "status": s.string(), "providerMessageId": s.string(), "errorCode": s.string(),
                    "errorMessage": s.string(), "correlationId": s.string(), "scheduledAt": s.dateTime,
                    "createdAt": s.dateTime, "updatedAt": s.dateTime,
                    "history": s.array(
                        s.open(
                            ["status": s.string(), "detail": s.string(), "providerCode": s.string(), "at": s.dateTime],
                            required: ["status", "at"])),
                    "campaign": s.anyObject("A voice message's Voice Partner campaign."),
                ],
                required: [
                    "messageId", "jobId", "channel", "recipient", "segments", "status", "createdAt", "updatedAt",
                ]),
            "MessagePage": s.page(of: "Message", cursor: "nextCursor"),
            "Credits": s.array(
                s.open(
                    [
                        "channel": s.string(), "granted": s.integer(), "committed": s.integer(), "held": s.integer(),
                        "available": s.integer(),
                    ], required: ["channel", "granted", "committed", "held", "available"])),
            "Account": s.open(["id": s.uuid, "name": s.string(), "createdAt": s.string()], required: ["id", "name"]),
            "APIKey": s.open(
                [
                    "id": s.uuid, "accountId": s.uuid, "name": s.string(), "prefix": s.string(),
                    "createdAt": s.string(),
                    "revokedAt": s.string(), "key": s.string("Shown once, at creation."),
                ], required: ["id", "accountId", "name", "prefix"]),
            "Session": s.open(
                [
                    "id": s.uuid, "name": s.string(), "engine": s.string(), "status": s.string(),
                    "workerId": s.string(),
                    "phone": s.string(), "lastError": s.string(), "createdAt": s.dateTime, "updatedAt": s.dateTime,
                ], required: ["id", "name", "engine", "status", "createdAt", "updatedAt"]),
            "Template": s.open(
                [
                    "id": s.uuid, "name": s.string(), "channel": s.string(), "text": s.string(),
                    "tokenAudio": s.string(), "placeholders": s.array(s.string()),
                    "segments": s.open(["count": s.integer(), "encoding": s.string()]), "createdAt": s.dateTime,
                    "updatedAt": s.dateTime,
                ], required: ["id", "name", "channel", "placeholders"]),
            "Hunt": s.open(
                [
                    "id": s.uuid, "status": s.string(), "name": s.string(), "squidId": s.string(),
                    "criteria": s.anyObject(), "steps": s.array(s.anyObject()), "dailyLimit": s.integer(),
                    "window": s.anyObject(), "lastScanAt": s.dateTime, "createdAt": s.dateTime, "updatedAt": s.dateTime,
                ], required: ["id", "status", "name", "criteria", "steps"]),
            "Lead": s.open(
                [
                    "id": s.uuid, "stage": s.string(), "huntId": s.uuid, "adId": s.uuid, "annonceId": s.string(),
                    "title": s.string(), "phone": s.string(), "createdAt": s.dateTime, "updatedAt": s.dateTime,
                    "activities": s.array(s.anyObject()),
                ], required: ["id", "stage", "adId"]),
            "Conversation": s.open(
                [
                    "id": s.uuid, "channel": s.string(), "contactPhone": s.string(), "provider": s.string(),
                    "sessionId": s.string(), "unreadCount": s.integer(minimum: 0), "lastActivityAt": s.dateTime,
                    "createdAt": s.dateTime, "messages": s.array(s.anyObject()),
                ], required: ["id", "channel", "contactPhone", "unreadCount"]),
            "BlockedContact": s.open(
                ["phone": s.string(), "reason": s.string(), "createdAt": s.string()], required: ["phone"]),
            "Webhook": s.open(
                [
                    "id": s.uuid, "url": s.string(), "description": s.string(), "events": s.array(s.string()),
                    "enabled": s.boolean, "disabledReason": s.string(), "previousSecretValidUntil": s.dateTime,
                    "createdAt": s.dateTime, "updatedAt": s.dateTime,
                    "secret": s.string("whsec_…: shown at creation and rotation only."),
                ], required: ["id", "url", "events", "enabled", "createdAt", "updatedAt"]),
            "WebhookDelivery": s.open(
                [
                    "id": s.string(), "eventId": s.string(), "eventType": s.string(),
                    "state": s.string(oneOf: ["pending", "succeeded", "dead"]), "attemptCount": s.integer(minimum: 0),
                    "nextAttemptAt": s.dateTime, "lastStatusCode": s.integer(), "lastLatencyMs": s.integer(),
                    "lastError": s.string(), "createdAt": s.dateTime, "finishedAt": s.dateTime, "payload": s.string(),
                    "attempts": s.array(
                        s.open(
                            [
                                "attempt": s.integer(), "at": s.dateTime, "statusCode": s.integer(),
                                "latencyMs": s.integer(), "error": s.string(),
                            ], required: ["attempt", "at", "latencyMs"])),
                ], required: ["id", "eventId", "eventType", "state", "attemptCount", "createdAt"]),
            "QueueStats": s.open(
                [
                    "queue": s.string(), "waiting": s.integer(), "active": s.integer(), "delayed": s.integer(),
                    "completed": s.integer(), "failed": s.integer(), "dead": s.integer(), "retried": s.integer(),
                    "enqueued": s.integer(),
                ], required: ["queue"]),
        ]
    }
}
