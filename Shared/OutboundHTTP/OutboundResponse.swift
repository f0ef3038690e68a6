import Foundation

/// A complete HTTP response. Error statuses are responses too: `send` throws only when no response arrived;
/// call ``requireSuccess()`` to turn a non-2xx status into an error.
package struct OutboundResponse: Sendable {
    package let statusCode: Int
    /// Headers of the final response (interim `100 Continue` headers are dropped).
    package let headers: OutboundHeaders
    /// The body, already decompressed when the server used `Content-Encoding`.
    package let body: [UInt8]
    /// Scheme, host, port and path of the request, safe for logs and errors.
    package let endpoint: String
    /// From the start of the transfer (name resolution included) to the last body byte.
    package let totalTime: Duration
    /// True when the request went over a connection kept from an earlier request (no new TCP/TLS set-up).
    package let reusedConnection: Bool

    package init(
        statusCode: Int,
        headers: OutboundHeaders = [:],
        body: [UInt8] = [],
        endpoint: String,
        totalTime: Duration = .zero,
        reusedConnection: Bool = false
    ) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
        self.endpoint = endpoint
        self.totalTime = totalTime
        self.reusedConnection = reusedConnection
    }

    /// Status 200 to 299.
    package var isSuccess: Bool { (200...299).contains(statusCode) }

    /// The body as UTF-8 text (invalid sequences replaced).
    package var text: String { String(decoding: body, as: UTF8.self) }

    /// Returns the response when its status is 2xx, otherwise throws
    /// ``OutboundHTTPError/unacceptableStatus(statusCode:endpoint:retryAfter:)`` (which carries no body).
    @discardableResult
    package func requireSuccess() throws(OutboundHTTPError) -> OutboundResponse {
        guard isSuccess else {
            throw .unacceptableStatus(statusCode: statusCode, endpoint: endpoint, retryAfter: retryAfter)
        }
        return self
    }
}

extension OutboundResponse: CustomStringConvertible {
    package var description: String { "HTTP \(statusCode) from \(endpoint) (\(body.count) bytes)" }
}
