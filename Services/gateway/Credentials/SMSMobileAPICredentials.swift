import Hummingbird

/// `PUT /api/channels/sms/credentials/smsmobileapi` body, and (as JSON, sealed) what is stored:
/// `{"apiKey":"..."}`.
struct SMSMobileAPICredentials: StrictJSONBody, Encodable {
    static let fields: Set<String> = ["apiKey"]
    var apiKey: String

    func validationErrors() -> [ProblemDetails.FieldError] {
        AccountFieldRules.token(apiKey, field: "apiKey")
    }
}
