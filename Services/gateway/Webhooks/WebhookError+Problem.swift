import Hummingbird

extension WebhookError {
    /// The problem answered for this refusal (401 unsigned, 403 badly signed or stale, 400 malformed).
    var problem: ProblemDetails {
        let status: HTTPResponse.Status =
            switch httpStatus {
            case 401: .unauthorized
            case 403: .forbidden
            case 400: .badRequest
            default: .internalServerError
            }
        let slug =
            switch self {
            case .missingSignature: "missing-signature"
            case .invalidSignature: "invalid-signature"
            case .staleTimestamp: "stale-timestamp"
            case .malformedBody, .missingField, .invalidField: "malformed-webhook"
            case .signingFailed: "signing-failed"
            }
        return ProblemDetails(status: status, type: "urn:auto-prospect:problem:\(slug)", detail: description)
    }
}
