import Cryptography
import Foundation
import Hummingbird

/// The WhatsApp Cloud API (Graph API `v21.0`) on a local server, speaking PROVIDERS.md §4:
///
/// - `GET /v21.0/{phone-number-id}` (Bearer) → the number's `display_phone_number`, or 401 code 190;
/// - `POST /v21.0/{phone-number-id}/messages` (Bearer, JSON) → 200 `{"messages": [{"id": "wamid…"}]}` or
///   Graph's error JSON; then, as Meta does, it posts signed status webhooks (`sent`, `delivered`, `read`,
///   or `failed` with an error code) to the gateway's `/webhooks/whatsapp/{accountId}`, each echoing
///   `biz_opaque_callback_data`.
///
/// A recipient (digits) can be given a script: answers used one per request, then ordinary acceptance.
actor GraphAPIStub {
    enum Answer: Sendable {
        /// Graph's error JSON with this HTTP status and code; nothing is taken.
        case error(status: Int, code: Int, message: String)
        /// Takes the message, answers 200, then reports it `failed` with this code (131047, 131026).
        case failLater(code: Int)
        /// Takes the message but answers only after this delay (longer than the worker's timeout).
        case acceptAfter(Duration)
    }

    /// One message taken.
    struct Taken: Sendable {
        var wamid: String
        var to: String
        var type: String
        var opaque: String?
        /// The request body as received.
        var json: String
    }

    let phoneNumberID: String
    let displayPhoneNumber: String
    let appSecret: String
    private var validToken: String
    private var webhook: (port: Int, path: String)?
    private var scripts: [String: [Answer]] = [:]
    private(set) var taken: [Taken] = []
    private(set) var refusals = 0
    /// When each request (number check, keep-alive or send) arrived: whether, and until when, a worker ran a
    /// session against this stub.
    private(set) var requestTimes: [ContinuousClock.Instant] = []

    init(phoneNumberID: String, displayPhoneNumber: String, token: String, appSecret: String) {
        self.phoneNumberID = phoneNumberID
        self.displayPhoneNumber = displayPhoneNumber
        self.validToken = token
        self.appSecret = appSecret
    }

    func script(_ recipientDigits: String, _ answers: [Answer]) { scripts[recipientDigits] = answers }
    func deliverWebhooks(port: Int, path: String) { webhook = (port, path) }
    /// The token expires: every later request answers 401 code 190.
    func expireToken() { validToken = UUID().uuidString }

    /// How many times each message id (`biz_opaque_callback_data`) was taken.
    func takenCountsByMessage() -> [String: Int] {
        taken.reduce(into: [:]) { $0[$1.opaque ?? "-", default: 0] += 1 }
    }

    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/v21.0/:number") { request, context in
            await self.phoneNumber(request, number: context.parameters.get("number") ?? "")
        }
        router.post("/v21.0/:number/messages") { request, context in
            try await self.send(request, number: context.parameters.get("number") ?? "")
        }
        return router
    }

    private func phoneNumber(_ request: Request, number: String) -> Response {
        requestTimes.append(.now)
        guard request.headers[.authorization] == "Bearer \(validToken)" else { return Self.expiredToken() }
        guard number == phoneNumberID else {
            return Self.error(
                400, code: 100, message: "Unsupported get request. Object with ID '\(number)' does not exist")
        }
        return Self.json(
            200, ["display_phone_number": displayPhoneNumber, "verified_name": "Auto Prospect", "id": phoneNumberID])
    }

    private func send(_ request: Request, number: String) async throws -> Response {
        requestTimes.append(.now)
        let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
        guard request.headers[.authorization] == "Bearer \(validToken)" else {
            refusals += 1
            return Self.expiredToken()
        }
        guard number == phoneNumberID, request.headers[.contentType] == "application/json",
            let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            object["messaging_product"] as? String == "whatsapp", let to = object["to"] as? String,
            let type = object["type"] as? String, object[type] != nil
        else {
            refusals += 1
            return Self.error(400, code: 131008, message: "(#131008) Required parameter is missing")
        }
        let opaque = object["biz_opaque_callback_data"] as? String
        switch nextAnswer(for: to) {
        case .error(let status, let code, let message):
            refusals += 1
            return Self.error(status, code: code, message: message)
        case .failLater(let code):
            let wamid = take(to: to, type: type, opaque: opaque, json: body)
            report(wamid, to: to, opaque: opaque, statuses: [("failed", code)])
            return Self.accepted(wamid, to: to)
        case .acceptAfter(let delay):
            // Taken at once, reported (webhooks) and answered only after the delay, as a slow request is.
            let wamid = take(to: to, type: type, opaque: opaque, json: body)
            try await Task.sleep(for: delay)
            report(wamid, to: to, opaque: opaque, statuses: [("sent", nil), ("delivered", nil), ("read", nil)])
            return Self.accepted(wamid, to: to)
        case nil:
            let wamid = take(to: to, type: type, opaque: opaque, json: body)
            report(wamid, to: to, opaque: opaque, statuses: [("sent", nil), ("delivered", nil), ("read", nil)])
            return Self.accepted(wamid, to: to)
        }
    }

    private func nextAnswer(for recipient: String) -> Answer? {
        guard var answers = scripts[recipient], !answers.isEmpty else { return nil }
        let answer = answers.removeFirst()
        scripts[recipient] = answers
        return answer
    }

    private func take(to: String, type: String, opaque: String?, json: String) -> String {
        let wamid = "wamid." + Data(UUID().uuidString.utf8).base64EncodedString()
        taken.append(Taken(wamid: wamid, to: to, type: type, opaque: opaque, json: json))
        return wamid
    }

    /// Posts the statuses one after the other, signed with the app secret, as Meta's webhook does.
    private func report(_ wamid: String, to: String, opaque: String?, statuses: [(String, Int?)]) {
        guard let webhook else { return }
        let phoneNumberID = phoneNumberID
        let secret = appSecret
        Task {
            for (status, code) in statuses {
                try? await Task.sleep(for: .milliseconds(300))
                var item: [String: Any] = [
                    "id": wamid, "status": status, "timestamp": "\(Int(Date().timeIntervalSince1970))",
                    "recipient_id": to,
                ]
                if let opaque { item["biz_opaque_callback_data"] = opaque }
                if let code {
                    item["errors"] = [
                        ["code": code, "title": "Re-engagement message", "message": "Re-engagement message"]
                    ]
                }
                let payload = Self.webhookPayload(phoneNumberID: phoneNumberID, value: ["statuses": [item]])
                _ = try? await Self.postSigned(payload, port: webhook.port, path: webhook.path, secret: secret)
            }
        }
    }

    /// `{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": …}]}]}`.
    static func webhookPayload(phoneNumberID: String, value: [String: Any]) -> Data {
        var value = value
        value["messaging_product"] = "whatsapp"
        value["metadata"] = ["display_phone_number": "15550783881", "phone_number_id": phoneNumberID]
        let payload: [String: Any] = [
            "object": "whatsapp_business_account",
            "entry": [["id": "102290129340398", "changes": [["field": "messages", "value": value]]]],
        ]
        return (try? JSONSerialization.data(withJSONObject: payload)) ?? Data()
    }

    /// POSTs `body` with `X-Hub-Signature-256` (HMAC-SHA256 of the bytes with `secret`, or a given header).
    static func postSigned(
        _ body: Data, port: Int, path: String, secret: String, signature: String? = nil
    ) async throws -> HTTPProbe.Reply {
        let header = try signature ?? ("sha256=" + HMAC.sha256Hex(Array(body), key: Array(secret.utf8)))
        return try await HTTPProbe.raw(
            "POST", port: port, path: path, body: body,
            headers: ["Content-Type": "application/json", "X-Hub-Signature-256": header])
    }

    private static func accepted(_ wamid: String, to: String) -> Response {
        json(
            200,
            ["messaging_product": "whatsapp", "contacts": [["input": to, "wa_id": to]], "messages": [["id": wamid]]])
    }

    private static func expiredToken() -> Response {
        json(
            401,
            [
                "error": [
                    "message": "Error validating access token: Session has expired on Monday, 04-May-26 10:00:00 PDT.",
                    "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": "A1b2C3d4",
                ]
            ])
    }

    private static func error(_ status: Int, code: Int, message: String) -> Response {
        json(
            status,
            [
                "error": [
                    "message": message, "type": "OAuthException", "code": code,
                    "error_data": ["messaging_product": "whatsapp", "details": message], "fbtrace_id": "A1b2C3d5",
                ]
            ])
    }

    private static func json(_ status: Int, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
