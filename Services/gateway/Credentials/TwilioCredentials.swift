import Domain
import Hummingbird

/// `PUT /api/channels/sms/credentials/twilio` body, and (as JSON, sealed) what is stored:
/// `{"accountSid":"AC...","authToken":"...","from":"+15017122661"}`. `from` is the default sender: an E.164
/// number or a Messaging Service SID (`MG...`).
struct TwilioCredentials: StrictJSONBody, Encodable {
    static let fields: Set<String> = ["accountSid", "authToken", "from"]
    var accountSid: String
    var authToken: String
    var from: String

    func validationErrors() -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        if !Self.isSID(accountSid, kind: "AC") {
            errors.append(.init(field: "accountSid", message: "must be AC followed by 32 hexadecimal digits"))
        }
        errors += AccountFieldRules.token(authToken, field: "authToken")
        if !Self.isSID(from, kind: "MG") && (try? PhoneNumber(from)) == nil {
            errors.append(
                .init(field: "from", message: "must be an E.164 phone number or a Messaging Service SID (MG...)"))
        }
        return errors
    }

    /// Twilio's identifiers: a two-letter kind and 32 hexadecimal digits.
    static func isSID(_ text: String, kind: String) -> Bool {
        text.utf8.count == 34 && text.hasPrefix(kind) && text.dropFirst(2).allSatisfy(\.isHexDigit)
    }
}
