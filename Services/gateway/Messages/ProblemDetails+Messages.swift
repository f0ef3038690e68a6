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

    /// 422: the recipient is on the account's do-not-contact list; nothing was stored or held.
    static let recipientBlocked = ProblemDetails(
        status: .unprocessableContent, type: "urn:auto-prospect:problem:recipient-blocked",
        detail: "The recipient is on this account's do-not-contact list (DELETE /api/contacts/blocked/{phone}).")

    /// 422: an Idempotency-Key reused for another message.
    static let idempotencyKeyReused = ProblemDetails(
        status: .unprocessableContent, type: "urn:auto-prospect:problem:idempotency-key-reused",
        detail: "This Idempotency-Key was used for a different message.")
}
