/// Everything that can go wrong sending an outbound request.
///
/// Descriptions name the endpoint as scheme, host and path only, and never include query strings, headers
/// or bodies: those carry API keys, phone numbers and message text.
package enum OutboundHTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is unusable (not absolute, not http/https, malformed). The reason never repeats the URL.
    case invalidURL(String)
    /// The request cannot be sent as built (a header with a line break, a body that would not encode).
    case invalidRequest(String)
    /// A configuration value is unusable; names the key, never the value.
    case invalidConfiguration(String)
    /// The host name did not resolve.
    case dnsFailure(endpoint: String)
    /// No TCP connection could be made (refused, unreachable).
    case connectFailed(endpoint: String)
    /// The connect or total timeout expired. The request may have reached the server.
    case timeout(endpoint: String)
    /// The TLS handshake or certificate verification failed.
    case tlsFailure(endpoint: String, curlCode: Int, message: String)
    /// Any other libcurl failure (connection reset, empty reply, ...) with libcurl's generic message.
    case transport(endpoint: String, curlCode: Int, message: String)
    /// The response body exceeded the configured limit (bytes).
    case responseTooLarge(endpoint: String, limit: Int)
    /// The server answered with a status the caller does not accept (see `OutboundResponse.requireSuccess()`).
    case unacceptableStatus(statusCode: Int, endpoint: String, retryAfter: Duration?)
    /// The response body is not the JSON the caller expected; `reason` names the failing key path only.
    case undecodableBody(endpoint: String, type: String, reason: String)
    /// The calling task was cancelled; the transfer was aborted. The request may have reached the server.
    case cancelled(endpoint: String)
    /// The host resolved to an address the request may not connect to (``OutboundRequest/publicAddressesOnly``).
    case addressRefused(endpoint: String)
    /// The client has been shut down.
    case shutDown

    package var description: String {
        switch self {
        case .invalidURL(let reason): "invalid outbound URL: \(reason)"
        case .invalidRequest(let reason): "invalid outbound request: \(reason)"
        case .invalidConfiguration(let reason): "invalid outbound HTTP configuration: \(reason)"
        case .dnsFailure(let endpoint): "cannot resolve the host of \(endpoint)"
        case .connectFailed(let endpoint): "cannot connect to \(endpoint)"
        case .timeout(let endpoint): "request to \(endpoint) timed out"
        case .tlsFailure(let endpoint, let code, let message): "TLS failure with \(endpoint): \(message) (curl \(code))"
        case .transport(let endpoint, let code, let message): "request to \(endpoint) failed: \(message) (curl \(code))"
        case .responseTooLarge(let endpoint, let limit): "response from \(endpoint) exceeds \(limit) bytes"
        case .unacceptableStatus(let status, let endpoint, let retryAfter):
            "HTTP \(status) from \(endpoint)" + (retryAfter.map { ", retry after \($0.components.seconds) s" } ?? "")
        case .undecodableBody(let endpoint, let type, let reason):
            "response from \(endpoint) is not a valid \(type): \(reason)"
        case .cancelled(let endpoint): "request to \(endpoint) was cancelled"
        case .addressRefused(let endpoint): "\(endpoint) resolves to a private, loopback or link-local address"
        case .shutDown: "the outbound HTTP client has been shut down"
        }
    }

    /// True when the same request may succeed later: timeouts, connect and DNS failures, dropped
    /// connections, cancellation, HTTP 408, 429 and 5xx. Other 4xx, invalid input and TLS failures are
    /// permanent.
    package var isTransient: Bool {
        switch self {
        case .dnsFailure, .connectFailed, .timeout, .cancelled, .shutDown:
            true
        case .transport(_, let code, _):
            Self.transientCurlCodes.contains(code)
        case .unacceptableStatus(let status, _, _):
            status == 408 || status == 429 || (500...599).contains(status)
        case .invalidURL, .invalidRequest, .invalidConfiguration, .tlsFailure, .responseTooLarge, .undecodableBody,
            .addressRefused:
            false
        }
    }

    /// The HTTP status, for ``unacceptableStatus(statusCode:endpoint:retryAfter:)``.
    package var statusCode: Int? {
        if case .unacceptableStatus(let status, _, _) = self { status } else { nil }
    }

    /// The server's `Retry-After`, for ``unacceptableStatus(statusCode:endpoint:retryAfter:)``.
    package var retryAfter: Duration? {
        if case .unacceptableStatus(_, _, let retryAfter) = self { retryAfter } else { nil }
    }

    /// Connection dropped mid-way (send/receive errors, empty reply, short body, HTTP/2 stream resets).
    private static let transientCurlCodes: Set<Int> = [16, 18, 52, 55, 56, 81, 92, 95]
}
