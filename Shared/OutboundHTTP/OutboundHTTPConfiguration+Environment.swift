extension OutboundHTTPConfiguration {
    /// Reads the configuration from environment variables; a missing key keeps its default.
    ///
    /// - `OUTBOUND_HTTP_THREADS`: thread count (default 16)
    /// - `OUTBOUND_HTTP_CONNECT_TIMEOUT_MS`: connect timeout in milliseconds (default 5000)
    /// - `OUTBOUND_HTTP_TIMEOUT_MS`: total request timeout in milliseconds (default 30000)
    /// - `OUTBOUND_HTTP_MAX_RESPONSE_BYTES`: response body limit in bytes (default 10485760)
    /// - `OUTBOUND_HTTP_USER_AGENT`: `User-Agent` header (default `auto-prospect-workers/1.0`)
    ///
    /// Fails fast with ``OutboundHTTPError/invalidConfiguration(_:)`` naming the key (never its value).
    package init(environment: [String: String]) throws(OutboundHTTPError) {
        self.init()
        if let threads = try Self.positiveInteger(environment, "OUTBOUND_HTTP_THREADS") {
            threadCount = threads
        }
        if let milliseconds = try Self.positiveInteger(environment, "OUTBOUND_HTTP_CONNECT_TIMEOUT_MS") {
            connectTimeout = .milliseconds(milliseconds)
        }
        if let milliseconds = try Self.positiveInteger(environment, "OUTBOUND_HTTP_TIMEOUT_MS") {
            totalTimeout = .milliseconds(milliseconds)
        }
        if let bytes = try Self.positiveInteger(environment, "OUTBOUND_HTTP_MAX_RESPONSE_BYTES") {
            maxResponseBodySize = bytes
        }
        if let agent = environment["OUTBOUND_HTTP_USER_AGENT"] {
            guard !agent.isEmpty, !agent.contains(where: \.isNewline) else {
                throw .invalidConfiguration("OUTBOUND_HTTP_USER_AGENT must be a non-empty single line")
            }
            userAgent = agent
        }
    }

    private static func positiveInteger(_ environment: [String: String], _ key: String) throws(OutboundHTTPError)
        -> Int?
    {
        guard let text = environment[key] else { return nil }
        guard let value = Int(text), value > 0 else {
            throw .invalidConfiguration("\(key) must be a positive integer")
        }
        return value
    }
}
