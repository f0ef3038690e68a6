extension OutboundHTTPError {
    /// A short, stable code for a message's error field (`timeout`, `connect_failed`, `transport_56`, …).
    package var code: String {
        switch self {
        case .dnsFailure: "dns_failure"
        case .connectFailed: "connect_failed"
        case .timeout: "timeout"
        case .tlsFailure: "tls_failure"
        case .transport(_, let curlCode, _): "transport_\(curlCode)"
        case .cancelled: "cancelled"
        case .shutDown: "shut_down"
        case .responseTooLarge: "response_too_large"
        case .addressRefused: "address_refused"
        case .unacceptableStatus(let status, _, _): "http_\(status)"
        case .invalidURL, .invalidRequest, .invalidConfiguration: "invalid_request"
        case .undecodableBody: "invalid_response"
        }
    }

    /// Whether a request that failed with this code may still have reached the server: no answer came
    /// (timeout, dropped connection, unreadable reply). A refusal the server answered did not.
    package static func mayHaveReachedServer(code: String) -> Bool {
        ["timeout", "cancelled", "shut_down", "response_too_large", "invalid_response"].contains(code)
            || code.hasPrefix("transport_")
    }
}
