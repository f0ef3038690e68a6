import HTTPTypes
import Hummingbird

extension ProblemDetails {
    /// 402: the account lacks the credits a message needs.
    static func insufficientCredits(required: Int, available: Int) -> ProblemDetails {
        ProblemDetails(
            status: HTTPResponse.Status(code: 402, reasonPhrase: "Payment Required"),
            type: "urn:auto-prospect:problem:insufficient-credits",
            detail: "This message needs \(required) credits and the account has \(available) available.")
    }

    /// 422: an Idempotency-Key reused for another message.
    static let idempotencyKeyReused = ProblemDetails(
        status: .unprocessableContent, type: "urn:auto-prospect:problem:idempotency-key-reused",
        detail: "This Idempotency-Key was used for a different message.")
}
