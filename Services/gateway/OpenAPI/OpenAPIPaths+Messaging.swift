/// Sending and reading messages, credits, credentials, the do-not-contact list, conversations, queues.
extension OpenAPIDocument {
    static func messagingOperations() -> [OpenAPIOperation] {
        let s = Schema.self
        let idempotency: [(String, JSONObject)] = [
            ("Idempotency-Key", s.string("The same key returns the same message.", minLength: 1, maxLength: 255))
        ]
        let limit: (String, JSONObject, Bool) = ("limit", s.integer(minimum: 1, maximum: 500), false)
        let sms = s.closed(
            [
                "recipient": s.string("E.164, or national in the default region.", minLength: 1, maxLength: 40),
                "text": s.string(minLength: 1, maxLength: 1600),
                "provider": s.string(oneOf: ["smsmobileapi", "twilio"]),
                "scheduledAt": s.dateTime, "correlationId": s.string(maxLength: 200),
            ], required: ["recipient", "text"])
        let voice = s.closed(
            [
                "recipient": s.string(minLength: 1, maxLength: 40),
                "audio": s.closed(["tokenAudio": s.string(minLength: 1, maxLength: 200)], required: ["tokenAudio"]),
                "text": s.string(minLength: 1, maxLength: 1000), "lang": s.string(), "speechRate": s.number(),
                "sender": s.string(), "scheduledAt": s.dateTime, "correlationId": s.string(maxLength: 200),
            ], required: ["recipient"])
        let message = s.ref("Message")
        return [
            .init(
                "post", "/api/phone/sms", tag: "Messages", "Send an SMS (credits held at once).", headers: idempotency,
                body: sms, responses: [(202, "Accepted.", message), (200, "The same Idempotency-Key again.", message)]),
            .init(
                "post", "/api/phone/ringless-voice", tag: "Messages",
                "Drop a voicemail or place a text-to-speech call.",
                headers: idempotency, body: voice,
                responses: [(202, "Accepted.", message), (200, "The same Idempotency-Key again.", message)]),
            .init(
                "get", "/api/messages", tag: "Messages", "Search the account's messages, newest first.",
                query: [
                    ("status", s.string(), false), ("channel", s.string(oneOf: ["sms", "whatsapp", "voice"]), false),
                    ("recipient", s.string(), false), ("correlationId", s.string(), false),
                    ("huntId", s.uuid, false), ("from", s.dateTime, false), ("to", s.dateTime, false), limit,
                    ("cursor", s.string(), false),
                ], responses: [(200, "A page.", s.ref("MessagePage"))]),
            .init(
                "get", "/api/messages/{id}", tag: "Messages", "A message with its status history.",
                responses: [(200, "The message.", message)]),
            .init(
                "get", "/api/credits", tag: "Credits", "The account's balances.",
                responses: [(200, "Per channel.", s.ref("Credits"))]),
            .init(
                "put", "/api/channels/sms/credentials/{provider}", tag: "Credentials",
                "Store SMSMobileAPI `{apiKey, deviceId?, webhookSecret?}` or Twilio `{accountSid, authToken, from}` credentials.",
                body: s.anyObject(), responses: [(204, "Stored, sealed.", nil)]),
            .init(
                "get", "/api/channels/sms/credentials", tag: "Credentials", "Which SMS providers have credentials.",
                responses: [(200, "Providers, never secrets.", s.anyArray())]),
            .init(
                "put", "/api/channels/whatsapp/credentials/cloud", tag: "Credentials",
                "The Meta app's secret and verify token for the Cloud API webhook.",
                body: s.closed(
                    [
                        "appSecret": s.string(minLength: 1, maxLength: 200),
                        "verifyToken": s.string(minLength: 1, maxLength: 200),
                    ],
                    required: ["appSecret", "verifyToken"]),
                responses: [(204, "Stored, sealed.", nil)]),
            .init(
                "get", "/api/channels/whatsapp/credentials", tag: "Credentials",
                "Which WhatsApp credentials are stored.",
                responses: [(200, "Never secrets.", s.anyArray())]),
            .init(
                "put", "/api/channels/voice/credentials/voicepartner", tag: "Credentials", "Voice Partner credentials.",
                body: s.closed(
                    ["apiKey": s.string(minLength: 1, maxLength: 200), "sender": s.string()], required: ["apiKey"]),
                responses: [(204, "Stored, sealed.", nil)]),
            .init(
                "get", "/api/channels/voice/audios", tag: "Credentials",
                "The account's validated Voice Partner audio files.",
                responses: [(200, "Audios.", s.anyObject())]),
            .init(
                "post", "/api/contacts/blocked", tag: "Contacts",
                "Add numbers to the do-not-contact list (JSON `{phone, reason?}` or a CSV body).",
                body: s.closed(
                    ["phone": s.string(minLength: 1, maxLength: 40), "reason": s.string(maxLength: 200)],
                    required: ["phone"]),
                responses: [
                    (201, "Blocked.", s.ref("BlockedContact")),
                    (200, "Already blocked, or a CSV's counts.", s.anyObject()),
                ]),
            .init(
                "get", "/api/contacts/blocked", tag: "Contacts", "The do-not-contact list.",
                query: [limit, ("after", s.string(), false)],
                responses: [(200, "A page.", s.page(of: "BlockedContact"))]),
            .init(
                "delete", "/api/contacts/blocked/{phone}", tag: "Contacts", "Remove a number from the list.",
                responses: [(204, "Removed.", nil)]),
            .init(
                "get", "/api/conversations", tag: "Conversations", "Conversations, newest activity first.",
                query: [
                    ("channel", s.string(oneOf: ["sms", "whatsapp", "voice"]), false), ("unread", s.boolean, false),
                    ("contact", s.string(), false), limit, ("after", s.string(), false),
                ], responses: [(200, "A page.", s.page(of: "Conversation"))]),
            .init(
                "get", "/api/conversations/{id}", tag: "Conversations", "A conversation with its messages.",
                responses: [(200, "The conversation.", s.ref("Conversation"))]),
            .init(
                "post", "/api/conversations/{id}/reply", tag: "Conversations",
                "Reply on the channel the contact wrote to.",
                headers: idempotency,
                body: s.closed(["text": s.string(minLength: 1, maxLength: 1600)], required: ["text"]),
                responses: [(202, "Accepted.", message), (200, "The same Idempotency-Key again.", message)]),
            .init(
                "post", "/api/conversations/{id}/read", tag: "Conversations", "Mark read.",
                responses: [(204, "Read.", nil)]),
            .init(
                "get", "/api/jobs/{queue}/{jobId}", tag: "Queues", "One of the account's jobs.",
                responses: [(200, "Its state.", s.anyObject())]),
            .init(
                "get", "/api/queues/stats", tag: "Queues", "The account's messages by queue and status.",
                responses: [(200, "Per queue.", s.anyArray())]),
            .init(
                "get", "/api/queues/{queue}/stats", tag: "Queues", "The account's messages on one queue.",
                responses: [(200, "By status.", s.anyObject())]),
            .init(
                "get", "/api/queues/{queue}/dead-letters", tag: "Queues", "The account's dead letters.",
                query: [limit], responses: [(200, "Dead letters.", s.anyArray())]),
            .init(
                "post", "/api/queues/{queue}/dead-letters/{id}/replay", tag: "Queues", "Replay a dead letter.",
                responses: [(202, "Replayed.", s.anyObject())]),
        ]
    }
}
