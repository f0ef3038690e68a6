import Foundation
import Hummingbird

/// What a stub saw of one request, kept for the test to check afterwards.
struct RecordedRequest: Sendable {
    var method: String
    var path: String
    var query: String
    /// `[name, value]` pairs in arrival order.
    var headers: [[String]]
    /// The body exactly as received (still percent-encoded for a form).
    var body: String

    init(_ request: Request, body: String) {
        method = request.method.rawValue
        path = request.uri.path
        query = request.uri.query ?? ""
        headers = request.headers.map { [$0.name.rawName, $0.value] }
        self.body = body
    }

    /// The first value of header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0[0].lowercased() == name.lowercased() }?[1]
    }

    /// Field names of the form body, in order.
    var formNames: [String] {
        body.split(separator: "&").map { String($0.split(separator: "=", maxSplits: 1)[0]) }
    }
}

/// Every request a stub received, in order.
actor RequestLog {
    private(set) var requests: [RecordedRequest] = []

    func append(_ request: RecordedRequest) {
        requests.append(request)
    }
}

/// A JSON response with `status` and extra `headers`.
func jsonResponse(_ status: Int, _ object: [String: Any], headers: HTTPFields = [:]) -> Response {
    var headers = headers
    headers[.contentType] = "application/json"
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return Response(
        status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
