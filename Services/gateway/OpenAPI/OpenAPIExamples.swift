/// Request examples of the main operations, as a client would send them (the schemathesis examples phase
/// sends them too).
enum OpenAPIExamples {
    static func requests() -> [String: JSONObject] {
        [
            "post /api/phone/sms": [
                "recipient": "06 12 34 56 78", "text": "Bonjour, votre Clio est-elle toujours disponible ?",
                "correlationId": "crm-42",
            ],
            "post /api/phone/ringless-voice": ["recipient": "+33612345678", "audio": ["tokenAudio": "tok-relance"]],
            "post /api/sessions": [
                "name": "sales-1", "engine": "sandbox", "pacing": ["minGapSeconds": 8, "dailyCap": 200],
            ],
            "post /api/sessions/{id}/send": ["to": "+33612345678", "text": "Bonjour !"],
            "post /api/whatsapp/text": ["recipientPhone": "+33612345678", "message": "Bonjour !"],
            "post /api/templates": [
                "name": "Premier contact", "channel": "sms", "text": "Bonjour {vendeur_nom}, votre {marque} à {prix} ?",
            ],
            "post /api/hunts": [
                "name": "208 autour de Lyon",
                "criteria": ["brands": ["Peugeot"], "models": ["208"], "price": ["max": 10000], "radiusKm": 30],
                "steps": [["channels": ["sms"], "templates": ["sms": "3f54af3b-c8ac-4e17-84a6-0c7e7f7177a6"]]],
                "dailyLimit": 50,
                "window": ["days": [1, 2, 3, 4, 5], "from": "09:00", "to": "19:00", "timeZone": "Europe/Paris"],
            ],
            "put /api/outreach/limits": [
                "dailyLimit": 300, "whatsappPerSession": 80, "whatsappRampUp": ["start": 10, "perDay": 10],
            ],
            "post /api/webhooks": [
                "url": "https://crm.example.com/hooks/auto-prospect", "events": ["message.status", "message.inbound"],
                "description": "CRM",
            ],
            "post /api/contacts/blocked": ["phone": "+33612345678", "reason": "asked to stop"],
            "post /api/admin/accounts": ["name": "Garage Dupont"],
            "post /api/admin/accounts/{id}/credits": ["channel": "sms", "amount": 1000],
        ]
    }
}
