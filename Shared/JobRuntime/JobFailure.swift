/// How a handler reports that a job did not succeed. Any other error thrown by a handler counts as
/// ``transient(_:retryAfter:)`` with the error's description.
package enum JobFailure: Error, Sendable, CustomStringConvertible {
    /// Worth retrying (timeouts, 5xx, 429); `retryAfter` (a provider's Retry-After) replaces the backoff.
    case transient(String, retryAfter: Duration? = nil)
    /// Retrying cannot help (invalid number, rejected content): dead-letter now.
    case permanent(String)
    /// A rate limit said "not yet": run again after `retryAfter` without using up an attempt.
    case rateLimited(retryAfter: Duration)

    package var description: String {
        switch self {
        case .transient(let reason, _): "transient failure: \(reason)"
        case .permanent(let reason): "permanent failure: \(reason)"
        case .rateLimited(let wait): "rate limited for \(wait)"
        }
    }
}

/// Errors of the job runtime itself.
package enum JobRuntimeError: Error, Sendable, CustomStringConvertible {
    case invalidRequest(String)
    case unexpectedReply(String)
    case notFound(String)

    package var description: String {
        switch self {
        case .invalidRequest(let why): "invalid job request: \(why)"
        case .unexpectedReply(let what): "unexpected reply from Redis: \(what)"
        case .notFound(let what): "not found: \(what)"
        }
    }
}
