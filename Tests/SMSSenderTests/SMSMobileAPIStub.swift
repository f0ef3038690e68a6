import Foundation
import Hummingbird

/// Imitates SMSMobileAPI's `/sendsms/` (PROVIDERS §1.2, §8): form or query parameters, `apikey` auth,
/// 403 for a bad key, 400 for a missing parameter, and whatever ``Behaviour`` the test picked for a valid
/// request, including the documented failure inside an HTTP 200.
struct SMSMobileAPIStub: Sendable {
    enum Behaviour: Sendable {
        /// 200 `{"result": {"error": 0, "sent": "1", "id": id, …}}`.
        case accept(id: String)
        /// 200 `{"result": {"error": code, "sent": "0", …}}`.
        case applicationError(code: Int)
        /// 429 with `Retry-After` and the `ErrorResponse` body.
        case rateLimited(retryAfter: String)
        /// 500 with an HTML page, as a failing front end would answer.
        case serverError
        /// 200 with a body that is not the documented JSON.
        case garbage
        /// Waits this long before answering like ``accept(id:)``.
        case slow(Duration)
    }

    /// The form fields SMSMobileAPI reads, decoded by the server's own form decoder.
    struct Parameters: Decodable {
        var apikey: String?
        var recipients: String?
        var message: String?
        var sendsms: String?
        var sIdentifiant: String?
    }

    let apiKey: String
    let behaviour: Behaviour
    let log = RequestLog()

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .delete] {
            router.on("**", method: method) { request, _ in try await answer(request) }
        }
        return router
    }

    private func answer(_ request: Request) async throws -> Response {
        let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
        await log.append(RecordedRequest(request, body: body))
        guard request.uri.path == "/sendsms/" else {
            return jsonResponse(404, ["error": "not_found", "message": "Unknown endpoint"])
        }
        let encoded: String
        switch request.method {
        case .post:
            guard request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else {
                return jsonResponse(400, ["error": "invalid_content_type", "message": "Form body expected"])
            }
            encoded = body
        case .get:
            encoded = request.uri.query ?? ""
        default:
            return jsonResponse(405, ["error": "method_not_allowed", "message": "Use GET or POST"])
        }
        let parameters = try URLEncodedFormDecoder().decode(Parameters.self, from: encoded)
        guard parameters.apikey == apiKey else {
            return jsonResponse(403, ["error": "invalid_apikey", "message": "API key invalid or expired"])
        }
        guard parameters.recipients?.isEmpty == false, parameters.message?.isEmpty == false else {
            return jsonResponse(400, ["error": "missing_parameter", "message": "recipients is required"])
        }
        return try await respond(with: behaviour)
    }

    private func respond(with behaviour: Behaviour) async throws -> Response {
        switch behaviour {
        case .accept(let id):
            return jsonResponse(200, ["result": Self.result(error: 0, sent: "1", id: id)])
        case .applicationError(let code):
            return jsonResponse(200, ["result": Self.result(error: code, sent: "0", id: nil)])
        case .rateLimited(let retryAfter):
            return jsonResponse(
                429, ["error": "rate_limited", "message": "Too many requests"], headers: [.retryAfter: retryAfter])
        case .serverError:
            return Response(
                status: .internalServerError, headers: [.contentType: "text/html"],
                body: .init(byteBuffer: ByteBuffer(string: "<html><body>Internal Server Error</body></html>")))
        case .garbage:
            return Response(
                status: .ok, headers: [.contentType: "text/html"],
                body: .init(byteBuffer: ByteBuffer(string: "<html>maintenance</html>")))
        case .slow(let delay):
            try await Task.sleep(for: delay)
            return jsonResponse(200, ["result": Self.result(error: 0, sent: "1", id: "slow-id")])
        }
    }

    /// The documented `result` object (PROVIDERS §1.2 example), numbers and strings typed as there.
    private static func result(error: Int, sent: String, id: String?) -> [String: Any] {
        [
            "error": error, "sent": sent, "id": id ?? NSNull(), "note": error == 0 ? "sent by mobile" : "error",
            "datetime": "2026-03-20T21:07:44Z", "datetimeLocal": "2026-03-20T22:07:44+01:00", "port": NSNull(),
            "iac_control": "1", "iac_authorized": "1", "send_with_whatsapp": "0",
            "encrypted": ["status": "0"], "trial_account": ["status": "0", "sms_sent": 0],
        ]
    }
}
