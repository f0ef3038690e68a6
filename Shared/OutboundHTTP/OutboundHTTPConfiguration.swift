/// Limits and defaults shared by every request an ``OutboundHTTPClient`` sends.
package struct OutboundHTTPConfiguration: Sendable, Equatable {
    /// Threads running blocking libcurl transfers: the most requests in flight at once. Default 16.
    package var threadCount: Int
    /// Limit for DNS + TCP + TLS set-up when a request does not set its own. Default 5 s.
    package var connectTimeout: Duration
    /// Limit for a whole request (connect, send, wait, receive) when it does not set its own. Default 30 s.
    package var totalTimeout: Duration
    /// Largest response body accepted (after decompression) when a request does not set its own; a larger
    /// one fails with ``OutboundHTTPError/responseTooLarge(endpoint:limit:)``. Default 10 MiB.
    package var maxResponseBodySize: Int
    /// `User-Agent` sent unless a request sets the header itself.
    package var userAgent: String

    package init(
        threadCount: Int = 16,
        connectTimeout: Duration = .seconds(5),
        totalTimeout: Duration = .seconds(30),
        maxResponseBodySize: Int = 10 * 1024 * 1024,
        userAgent: String = "auto-prospect-workers/1.0"
    ) {
        self.threadCount = threadCount
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBodySize = maxResponseBodySize
        self.userAgent = userAgent
    }
}
