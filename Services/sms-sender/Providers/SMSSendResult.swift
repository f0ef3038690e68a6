/// The outcome of one submission to an SMS provider.
///
/// `code` is the provider's own error code (Twilio `21211`, SMSMobileAPI `invalid_apikey`) or, when the
/// provider gave none, one of ours (`http_503`, `timeout`); it is kept on the stored message. `reason` is
/// written here, never copied from the provider, because providers quote phone numbers in their messages.
package enum SMSSendResult: Sendable, Hashable {
    /// The provider took the message; `segments` is its count when it reported one.
    case accepted(providerMessageID: String, segments: Int?)
    /// Not sent this time, may succeed later (timeout, 5xx, rate limit); wait at least `retryAfter` if set.
    case transientFailure(code: String, reason: String, retryAfter: Duration?)
    /// Will never succeed as is (invalid or unsubscribed number, bad credentials, suspended account).
    case permanentFailure(code: String, reason: String)

    /// True for ``accepted(providerMessageID:segments:)``.
    package var isAccepted: Bool {
        if case .accepted = self { true } else { false }
    }

    /// The failure code, `nil` when accepted.
    package var failureCode: String? {
        switch self {
        case .accepted: nil
        case .transientFailure(let code, _, _), .permanentFailure(let code, _): code
        }
    }
}
