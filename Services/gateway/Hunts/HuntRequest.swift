import Foundation
import Hummingbird
import HuntStore

/// `POST /api/hunts` body (``HuntDefinition``), and `PATCH /api/hunts/{id}` (``HuntPatch``: any top-level field,
/// each replacing the stored one whole):
///
/// ```json
/// {"name": "208 autour de Lyon", "squidId": "8177beb16fdf4e0e8d4b2ba767d1ffb5",
///  "criteria": {"category": "Voitures", "brands": ["Peugeot"], "models": ["208"], "price": {"max": 10000},
///               "year": {"min": 2015}, "mileage": {"max": 150000}, "requireLowPrice": true,
///               "center": {"lat": 45.764, "lng": 4.8357}, "radiusKm": 30, "adAgeDays": {"max": 7}},
///  "steps": [{"channels": ["voice", "whatsapp", "sms"], "templates": {"voice": "…", "whatsapp": "…", "sms": "…"}},
///            {"afterDays": 3, "channels": ["sms"], "templates": {"sms": "…"}}],
///  "dailyLimit": 50, "window": {"days": [1, 2, 3, 4, 5], "from": "09:00", "to": "19:00", "timeZone": "Europe/Paris"}}
/// ```
struct HuntRequest: StrictJSONBody {
    static let fields: Set<String> = ["name", "squidId", "criteria", "steps", "dailyLimit", "window"]
    static let optionalFields: Set<String> = ["squidId", "criteria", "dailyLimit", "window"]

    var name: String
    var squidId: String?
    var criteria: HuntCriteria?
    var steps: [HuntStep]
    var dailyLimit: Int?
    var window: SendingWindow?

    var definition: HuntDefinition {
        HuntDefinition(
            name: name, squidId: squidId, criteria: criteria ?? HuntCriteria(), steps: steps, dailyLimit: dailyLimit,
            window: window)
    }
}

/// `PATCH /api/hunts/{id}` body.
struct HuntPatch: StrictJSONBody {
    static let fields: Set<String> = HuntRequest.fields
    static let optionalFields: Set<String> = HuntRequest.fields

    var name: String?
    var squidId: String?
    var criteria: HuntCriteria?
    var steps: [HuntStep]?
    var dailyLimit: Int?
    var window: SendingWindow?

    func merged(into stored: HuntDefinition) -> HuntDefinition {
        HuntDefinition(
            name: name ?? stored.name, squidId: squidId ?? stored.squidId, criteria: criteria ?? stored.criteria,
            steps: steps ?? stored.steps, dailyLimit: dailyLimit ?? stored.dailyLimit, window: window ?? stored.window)
    }
}
