import Foundation
import Hummingbird

/// Imitates Twilio's Message create (PROVIDERS §3.1–3.2, §8): `POST
/// /2010-04-01/Accounts/{AccountSid}/Messages.json`, HTTP Basic auth, PascalCase form fields, `201` with the
/// Message resource, and Twilio's error JSON (`code`, `message`, `more_info`, `status`) for bad credentials
/// (20003), an invalid (21211) or unsubscribed (21610) recipient, and whatever ``Behaviour`` the test picked.
struct TwilioStub: Sendable {
    enum Behaviour: Sendable {
        /// 201 with `status` and `num_segments` as given.
        case accept(sid: String, status: String, numSegments: String)
        /// The error JSON with this HTTP status and Twilio code, plus `Retry-After` when given.
        case error(status: Int, code: Int, retryAfter: String?)
        /// An HTML page with this status, as a proxy in front of Twilio would answer.
        case htmlError(status: Int)
        /// Waits this long before accepting.
        case slow(Duration)
    }

    /// The form fields Twilio reads, decoded by the server's own form decoder.
    struct Parameters: Decodable {
        var To: String?
        var From: String?
        var MessagingServiceSid: String?
        var Body: String?
        var StatusCallback: String?
    }

    let accountSID: String
    let authToken: String
    var invalidNumbers: Set<String> = []
    var unsubscribedNumbers: Set<String> = []
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
        let expectedAuthorization = "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        guard request.headers[.authorization] == expectedAuthorization else {
            return Self.error(401, code: 20003, message: "Authenticate")
        }
        guard request.uri.path == "/2010-04-01/Accounts/\(accountSID)/Messages.json" else {
            return Self.error(404, code: 20404, message: "The requested resource was not found")
        }
        guard request.method == .post else {
            return Self.error(405, code: 20004, message: "Method not allowed")
        }
        let form = try URLEncodedFormDecoder().decode(Parameters.self, from: body)
        guard let to = form.To, !to.isEmpty else {
            return Self.error(400, code: 21604, message: "A 'To' phone number is required.")
        }
        guard form.From != nil || form.MessagingServiceSid != nil else {
            return Self.error(400, code: 21603, message: "A 'From' or 'MessagingServiceSid' parameter is required")
        }
        guard form.Body?.isEmpty == false else {
            return Self.error(400, code: 21602, message: "Message body is required.")
        }
        if invalidNumbers.contains(to) {
            return Self.error(400, code: 21211, message: "The 'To' number \(to) is not a valid phone number.")
        }
        if unsubscribedNumbers.contains(to) {
            return Self.error(400, code: 21610, message: "Attempt to send to unsubscribed recipient")
        }
        switch behaviour {
        case .accept(let sid, let status, let numSegments):
            return message(sid: sid, status: status, numSegments: numSegments, form: form)
        case .error(let status, let code, let retryAfter):
            var headers = HTTPFields()
            if let retryAfter { headers[.retryAfter] = retryAfter }
            return Self.error(status, code: code, message: "Error \(code) for \(to)", headers: headers)
        case .htmlError(let status):
            return Response(
                status: .init(code: status), headers: [.contentType: "text/html"],
                body: .init(byteBuffer: ByteBuffer(string: "<html><body>Bad Gateway</body></html>")))
        case .slow(let delay):
            try await Task.sleep(for: delay)
            return message(sid: "SMslow", status: "queued", numSegments: "1", form: form)
        }
    }

    private func message(sid: String, status: String, numSegments: String, form: Parameters) -> Response {
        jsonResponse(
            201,
            [
                "account_sid": accountSID, "api_version": "2010-04-01", "body": form.Body ?? "",
                "date_created": "Thu, 24 Aug 2023 05:01:45 +0000", "date_sent": NSNull(),
                "date_updated": "Thu, 24 Aug 2023 05:01:45 +0000", "direction": "outbound-api",
                "error_code": NSNull(), "error_message": NSNull(), "from": form.From ?? NSNull(),
                "messaging_service_sid": form.MessagingServiceSid ?? NSNull(), "num_media": "0",
                "num_segments": numSegments, "price": NSNull(), "price_unit": NSNull(), "sid": sid,
                "status": status, "to": form.To ?? "",
                "uri": "/2010-04-01/Accounts/\(accountSID)/Messages/\(sid).json",
            ])
    }

    /// Twilio's REST error body (PROVIDERS §3.2).
    private static func error(_ status: Int, code: Int, message: String, headers: HTTPFields = [:]) -> Response {
        jsonResponse(
            status,
            [
                "code": code, "message": message, "more_info": "https://www.twilio.com/docs/errors/\(code)",
                "status": status,
            ],
            headers: headers)
    }
}
