import OutboundHTTP

extension SMSSendResult {
    /// The result for a request that got no response: DNS, connect, timeout and dropped connections may
    /// pass later; an unusable URL or a TLS failure will not.
    ///
    /// A timeout can hide a message the provider did accept: the send pipeline keeps its lease and attempt mark, so
    /// the retry asks the provider first (``SMSProvider/findSent(_:since:)``).
    package init(transportError error: OutboundHTTPError) {
        let code = error.code
        // OutboundHTTPError's text names the endpoint only, never the query, headers or body.
        if error.isTransient {
            self = .transientFailure(code: code, reason: error.description, retryAfter: error.retryAfter)
        } else {
            self = .permanentFailure(code: code, reason: error.description)
        }
    }
}
