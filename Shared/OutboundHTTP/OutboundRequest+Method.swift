extension OutboundRequest {
    /// The HTTP methods provider APIs use.
    package enum Method: String, Sendable, CaseIterable {
        case get = "GET"
        case post = "POST"
        case put = "PUT"
        case patch = "PATCH"
        case delete = "DELETE"
        case head = "HEAD"

        /// Methods that send a body (and `Content-Length: 0` when it is empty).
        var expectsBody: Bool {
            switch self {
            case .post, .put, .patch: true
            case .get, .delete, .head: false
            }
        }
    }
}
