import Foundation
import Hummingbird

/// `POST /api/phone/sms` body:
///
/// ```json
/// {"recipient":"06 12 34 56 78","text":"Bonjour ...","provider":"twilio","scheduledAt":"2026-11-24T09:00:00Z",
///  "correlationId":"crm-42"}
/// ```
///
/// `recipient` and `text` are required. `provider` (`smsmobileapi`, `twilio` or `sandbox`) defaults to the
/// account's configured one; `scheduledAt` (ISO 8601 with a zone) sends later; `correlationId` (at most
/// 200 bytes) is carried through logs and events. The rules that need the gateway's settings (region,
/// segment limit, configured providers) are applied by ``SMSSubmission``.
struct SendSMSRequest: StrictJSONBody {
    static let fields: Set<String> = ["recipient", "text", "provider", "scheduledAt", "correlationId"]
    static let optionalFields: Set<String> = ["provider", "scheduledAt", "correlationId"]

    var recipient: String
    var text: String
    var provider: String?
    var scheduledAt: String?
    var correlationId: String?

    /// The rules that need no settings; ``SMSSubmission`` reports them with the others, all at once.
    func fieldErrors() -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        if text.allSatisfy(\.isWhitespace) { errors.append(.init(field: "text", message: "must not be blank")) }
        if let scheduledAt, Self.date(scheduledAt) == nil {
            errors.append(.init(field: "scheduledAt", message: "must be an ISO 8601 date-time with a zone"))
        }
        if let correlationId, correlationId.isEmpty || correlationId.utf8.count > 200 {
            errors.append(.init(field: "correlationId", message: "must be 1 to 200 bytes"))
        }
        return errors
    }

    /// `scheduledAt` as a date (fractional seconds allowed).
    var scheduledDate: Date? { scheduledAt.flatMap(Self.date) }

    /// An ISO 8601 date-time with a zone (fractional seconds allowed); the voice route reads it the same way.
    static func date(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) ?? fractional.date(from: text)
    }
}
