import Hummingbird

/// `PUT /api/channels/sms/credentials/smsmobileapi` body, and (as JSON, sealed) what is stored:
/// `{"apiKey":"...","deviceId":"...","webhookSecret":"..."}`. `deviceId` picks the connected phone that
/// sends (`sIdentifiant`; first available when absent); `webhookSecret` verifies the account's Webhook V2
/// events at `/webhooks/smsmobileapi/{accountId}` (events are refused without it).
struct SMSMobileAPICredentials: StrictJSONBody, Encodable {
    static let fields: Set<String> = ["apiKey", "deviceId", "webhookSecret"]
    static let optionalFields: Set<String> = ["deviceId", "webhookSecret"]
    var apiKey: String
    var deviceId: String?
    var webhookSecret: String?

    func validationErrors() -> [ProblemDetails.FieldError] {
        AccountFieldRules.token(apiKey, field: "apiKey")
            + (deviceId.map { AccountFieldRules.token($0, field: "deviceId", maximum: 200) } ?? [])
            + (webhookSecret.map { AccountFieldRules.token($0, field: "webhookSecret") } ?? [])
    }
}
