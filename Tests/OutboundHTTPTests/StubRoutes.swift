import Foundation
import Hummingbird

/// `HTTPTypes.HTTPField`, which Hummingbird does not re-export by name.
typealias Field = HTTPFields.Element

/// What the stub saw of a request, returned by `/inspect`.
struct Inspection: ResponseCodable, Equatable {
    var method: String
    var path: String
    var query: String
    /// `[name, value]` pairs in arrival order.
    var headers: [[String]]
    var body: String

    func values(_ name: String) -> [String] {
        headers.filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] }
    }
}

/// The fields an SMS provider would read from a form post, decoded by the server's own form decoder.
struct SMSForm: ResponseCodable, Equatable {
    var to: String
    var from: String
    var body: String

    /// Twilio's capitalised field names.
    enum CodingKeys: String, CodingKey {
        case to = "To"
        case from = "From"
        case body = "Body"
    }
}

/// Echo of a form post: what the server decoded and the raw body it decoded it from.
struct FormEcho: ResponseCodable {
    var form: SMSForm
    var rawBody: String
    var contentType: String
}

/// Routes imitating provider APIs: echoes, chosen statuses, slow and large answers.
enum StubRoutes {
    /// `gzip("compressed hello " * 20)`, served with `Content-Encoding: gzip`.
    static let gzipBody = "H4sIAAAAAAACA0vOzy0oSi0uTk1RyEjNyclXSB4VoFQAAK17G89UAQAA"

    static func router() -> Router<BasicRequestContext> {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            router.on("/inspect", method: method) { request, _ in try await inspect(request) }
        }
        router.head("/inspect") { _, _ in
            Response(status: .ok, headers: [Field.Name("X-Head-Seen")!: "yes"])
        }
        router.post("/echo") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            let contentType = request.headers[.contentType] ?? "application/octet-stream"
            return Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: body))
        }
        router.post("/form") { request, _ in
            let raw = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let form = try URLEncodedFormDecoder().decode(SMSForm.self, from: raw)
            return FormEcho(form: form, rawBody: raw, contentType: request.headers[.contentType] ?? "")
        }
        router.on("/status/{code}", method: .get) { request, context in try status(request, context) }
        router.on("/status/{code}", method: .post) { request, context in try status(request, context) }
        router.get("/sleep/{milliseconds}") { _, context in
            try await Task.sleep(for: .milliseconds(try context.parameters.require("milliseconds", as: Int.self)))
            return "slept"
        }
        router.get("/bytes/{count}") { _, context in
            let count = try context.parameters.require("count", as: Int.self)
            return Response(
                status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: count)))
        }
        router.get("/stream/{count}") { _, context in
            // No Content-Length: chunked, so only the client's running count can enforce the limit.
            let count = try context.parameters.require("count", as: Int.self)
            return Response(
                status: .ok,
                body: ResponseBody { writer in
                    var remaining = count
                    while remaining > 0 {
                        let chunk = min(remaining, 1000)
                        try await writer.write(ByteBuffer(repeating: UInt8(ascii: "y"), count: chunk))
                        remaining -= chunk
                    }
                    try await writer.finish(nil)
                })
        }
        router.get("/gzip") { _, _ in
            Response(
                status: .ok, headers: [.contentEncoding: "gzip", .contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(bytes: Data(base64Encoded: gzipBody)!)))
        }
        router.get("/multi") { _, _ in
            var headers = HTTPFields()
            headers.append(Field(name: Field.Name("X-Multi")!, value: "one"))
            headers.append(Field(name: Field.Name("X-Multi")!, value: "two"))
            headers.append(Field(name: Field.Name("X-Empty")!, value: ""))
            return Response(status: .noContent, headers: headers)
        }
        return router
    }

    /// Answers with the status in the path, `Retry-After` from the query, and a body carrying the kind of
    /// detail error descriptions must never repeat.
    private static func status(_ request: Request, _ context: BasicRequestContext) throws -> Response {
        let code = try context.parameters.require("code", as: Int.self)
        var headers = HTTPFields()
        if let retryAfter = request.uri.queryParameters.get("retryAfter") {
            headers[.retryAfter] = retryAfter
        }
        return Response(
            status: .init(code: code), headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: "{\"error\":\"SECRET-BODY-DETAIL +15551234567\"}")))
    }

    private static func inspect(_ request: Request) async throws -> Inspection {
        let body = try await request.body.collect(upTo: 1 << 20)
        return Inspection(
            method: request.method.rawValue,
            path: request.uri.path,
            query: request.uri.query ?? "",
            headers: request.headers.map { [$0.name.rawName, $0.value] },
            body: String(buffer: body)
        )
    }
}
