/// Why an inbound provider webhook was refused. Descriptions name headers and fields only, never their
/// values: bodies carry phone numbers and message text, and headers carry signatures.
package enum WebhookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The signature header (or the timestamp it signs) is absent or empty: answer 401.
    case missingSignature(header: String)
    /// The signature does not match the request, or no secret is configured to check it: answer 403.
    case invalidSignature
    /// The signed timestamp is further from now than the tolerance allows (a replay): answer 403.
    case staleTimestamp
    /// The body is not in the documented encoding; the reason is a fixed phrase: answer 400.
    case malformedBody(String)
    /// A required field is absent or empty: answer 400.
    case missingField(String)
    /// A field holds a value outside the documented set or format: answer 400.
    case invalidField(String)
    /// The signing primitive failed unexpectedly: answer 500.
    case signingFailed

    /// The HTTP status the gateway answers with.
    package var httpStatus: Int {
        switch self {
        case .missingSignature: 401
        case .invalidSignature, .staleTimestamp: 403
        case .malformedBody, .missingField, .invalidField: 400
        case .signingFailed: 500
        }
    }

    package var description: String {
        switch self {
        case .missingSignature(let header): "missing \(header) header"
        case .invalidSignature: "webhook signature does not match"
        case .staleTimestamp: "webhook timestamp is outside the accepted window"
        case .malformedBody(let reason): "malformed webhook body: \(reason)"
        case .missingField(let name): "webhook field \(name) is required"
        case .invalidField(let name): "webhook field \(name) has an unexpected value"
        case .signingFailed: "webhook signature could not be computed"
        }
    }
}
