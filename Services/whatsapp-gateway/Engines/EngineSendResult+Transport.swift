import OutboundHTTP

extension EngineSendResult {
    /// The result for a request that got no response: DNS, connect, timeouts and dropped connections may
    /// pass later; an unusable URL or a TLS failure will not. OutboundHTTPError's text names the endpoint
    /// only, never the token or the body.
    init(transportError error: OutboundHTTPError) {
        let code = error.code
        if error.isTransient {
            self = .transientFailure(
                code: code, reason: error.description, retryAfter: error.retryAfter, rateLimited: false)
        } else {
            self = .permanentFailure(code: code, reason: error.description)
        }
    }

    /// Whether a failed attempt may still have reached the provider: no answer came (timeout, dropped
    /// connection, unreadable reply), so the next attempt must ask before sending again.
    var mayHaveReachedProvider: Bool {
        guard case .transientFailure(let code, _, _, _) = self else { return false }
        return OutboundHTTPError.mayHaveReachedServer(code: code)
    }
}
