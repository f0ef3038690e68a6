/// Templates, hunts, leads, outreach limits and Lobstr.
extension OpenAPIDocument {
    static func huntOperations() -> [OpenAPIOperation] {
        let s = Schema.self
        let limit: (String, JSONObject, Bool) = ("limit", s.integer(minimum: 1, maximum: 500), false)
        let channel = s.string(oneOf: ["sms", "whatsapp", "voice"])
        let template = s.closed(
            [
                "name": s.string(minLength: 1, maxLength: 100), "channel": channel,
                "text": s.string(
                    "With {titre_annonce} {prix} {marque} {modele} {annee} {ville} {vendeur_nom}.", minLength: 1,
                    maxLength: 2000),
                "tokenAudio": s.string(minLength: 1, maxLength: 200),
            ], required: ["name", "channel"])
        let range = s.closed(["min": s.number(), "max": s.number()])
        let hunt = s.closed(
            [
                "name": s.string(minLength: 1, maxLength: 100), "squidId": s.string(maxLength: 100),
                "criteria": s.closed(
                    [
                        "category": s.string(), "brands": s.array(s.string()), "models": s.array(s.string()),
                        "price": range,
                        "year": range, "mileage": range, "requireLowPrice": s.boolean, "requirePriceDropped": s.boolean,
                        "requireUrgent": s.boolean, "requireReposted": s.boolean,
                        "center": s.closed(
                            ["lat": s.number(minimum: -90, maximum: 90), "lng": s.number(minimum: -180, maximum: 180)],
                            required: ["lat", "lng"]),
                        "postcode": s.string(), "radiusKm": s.number(minimum: 0), "adAgeDays": range,
                    ]),
                "steps": s.array(
                    s.closed(
                        [
                            "afterDays": s.integer(minimum: 1), "channels": s.array(channel, minItems: 1),
                            "templates": ["type": "object", "additionalProperties": s.uuid],
                            "variants": s.array(["type": "object", "additionalProperties": s.uuid]),
                        ], required: ["channels", "templates"]), minItems: 1),
                "dailyLimit": s.integer(minimum: 1),
                "window": s.closed(
                    [
                        "days": s.array(s.integer(minimum: 1, maximum: 7)),
                        "from": s.string(pattern: "^[0-2][0-9]:[0-5][0-9]$"),
                        "to": s.string(pattern: "^[0-2][0-9]:[0-5][0-9]$"), "timeZone": s.string(),
                    ], required: ["days", "from", "to", "timeZone"]),
            ], required: ["name", "steps"])
        var huntPatch = hunt
        huntPatch["required"] = [String]()
        var templatePatch = template
        templatePatch["required"] = [String]()
        return [
            .init(
                "post", "/api/templates", tag: "Hunts", "Create a message template.", body: template,
                responses: [(201, "Created.", s.ref("Template"))]),
            .init(
                "get", "/api/templates", tag: "Hunts", "The account's templates.", query: [("channel", channel, false)],
                responses: [(200, "Templates.", s.page(of: "Template"))]),
            .init(
                "get", "/api/templates/{id}", tag: "Hunts", "A template.",
                responses: [(200, "The template.", s.ref("Template"))]),
            .init(
                "patch", "/api/templates/{id}", tag: "Hunts", "Change a template.", body: templatePatch,
                responses: [(200, "Changed.", s.ref("Template"))]),
            .init(
                "delete", "/api/templates/{id}", tag: "Hunts", "Delete a template.", responses: [(204, "Deleted.", nil)]
            ),
            .init(
                "post", "/api/templates/{id}/preview", tag: "Hunts",
                "Render a template against one of the account's ads.",
                body: s.closed(["adId": s.string(minLength: 1, maxLength: 100)], required: ["adId"]),
                responses: [(200, "The rendered text.", s.anyObject())]),
            .init(
                "post", "/api/hunts", tag: "Hunts", "Create a hunt (a saved search contacted daily).", body: hunt,
                responses: [(201, "Created.", s.ref("Hunt"))]),
            .init(
                "get", "/api/hunts", tag: "Hunts", "The account's hunts.", query: [limit, ("after", s.uuid, false)],
                responses: [(200, "A page.", s.page(of: "Hunt"))]),
            .init(
                "get", "/api/hunts/{id}", tag: "Hunts", "A hunt with today's figures.",
                responses: [(200, "The hunt.", s.ref("Hunt"))]),
            .init(
                "patch", "/api/hunts/{id}", tag: "Hunts", "Change a hunt (each field replaced whole).", body: huntPatch,
                responses: [(200, "Changed.", s.ref("Hunt"))]),
            .init("delete", "/api/hunts/{id}", tag: "Hunts", "Delete a hunt.", responses: [(204, "Deleted.", nil)]),
            .init(
                "post", "/api/hunts/{id}/pause", tag: "Hunts", "Pause a hunt.",
                responses: [(200, "Paused.", s.ref("Hunt"))]),
            .init(
                "post", "/api/hunts/{id}/resume", tag: "Hunts", "Resume a hunt.",
                responses: [(200, "Active.", s.ref("Hunt"))]),
            .init(
                "post", "/api/hunts/{id}/run", tag: "Hunts", "Run the hunt now.",
                responses: [(202, "Enqueued.", s.anyObject())]),
            .init(
                "get", "/api/hunts/{id}/stats", tag: "Hunts",
                "Per channel, step and variant figures; the last run's report.",
                responses: [(200, "Stats.", s.anyObject())]),
            .init(
                "get", "/api/outreach/limits", tag: "Hunts", "The account's limits across hunts.",
                responses: [(200, "Limits.", s.anyObject())]),
            .init(
                "put", "/api/outreach/limits", tag: "Hunts", "Set the account's limits across hunts.",
                body: s.closed(
                    [
                        "dailyLimit": s.integer(minimum: 1), "whatsappPerSession": s.integer(minimum: 1),
                        "whatsappRampUp": s.closed(
                            ["start": s.integer(minimum: 1), "perDay": s.integer(minimum: 0)],
                            required: ["start", "perDay"]),
                        "smsPerSender": s.integer(minimum: 1), "voicePerSender": s.integer(minimum: 1),
                    ]),
                responses: [(200, "Stored.", s.anyObject())]),
            .init(
                "post", "/api/leads", tag: "Leads", "Open a lead on an ad.",
                body: s.closed(["adId": s.string(minLength: 1, maxLength: 100), "huntId": s.uuid], required: ["adId"]),
                responses: [(201, "Opened.", s.ref("Lead")), (200, "Already a lead.", s.ref("Lead"))]),
            .init(
                "get", "/api/leads", tag: "Leads", "Leads by stage and hunt.",
                query: [("stage", s.string(), false), ("huntId", s.uuid, false), limit, ("after", s.uuid, false)],
                responses: [(200, "A page.", s.page(of: "Lead"))]),
            .init(
                "get", "/api/leads/{id}", tag: "Leads", "A lead with its activities.",
                responses: [(200, "The lead.", s.ref("Lead"))]),
            .init(
                "post", "/api/leads/{id}/stage", tag: "Leads", "Move a lead forward.",
                body: s.closed(
                    [
                        "stage": s.string(oneOf: [
                            "new", "contacted", "replied", "interested", "won", "lost", "opted_out",
                        ]), "note": s.string(maxLength: 2000),
                    ],
                    required: ["stage"]),
                responses: [(200, "Moved.", s.ref("Lead"))]),
            .init(
                "post", "/api/leads/{id}/notes", tag: "Leads", "Add a note.",
                body: s.closed(["text": s.string(minLength: 1, maxLength: 2000)], required: ["text"]),
                responses: [(201, "Noted.", s.ref("Lead")), (200, "Noted.", s.ref("Lead"))]),
            .init(
                "put", "/api/channels/lobstr/credentials", tag: "Lobstr", "Store the Lobstr key; get the webhook URL.",
                body: s.closed(["apiKey": s.string(minLength: 1, maxLength: 200)], required: ["apiKey"]),
                responses: [
                    (
                        200, "The webhook URL to give Lobstr.",
                        s.open(["webhookUrl": s.string()], required: ["webhookUrl"])
                    )
                ]),
        ]
    }
}
