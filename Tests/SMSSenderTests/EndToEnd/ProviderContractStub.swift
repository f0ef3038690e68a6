import Foundation
import Hummingbird

/// Twilio and SMSMobileAPI on one local server, speaking their documented contracts (PROVIDERS §1.2, §3.1,
/// §3.2), for the end-to-end tests with the real binaries:
///
/// - `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` (Basic auth, form body) → 201 with a fresh
///   `SM…` sid, or Twilio's error JSON; `GET` of the same path lists the messages it took, filtered by `To`
///   (what the sender asks after an interrupted attempt);
/// - `POST /sendsms/` (`apikey` form field) → 200 `{"result": {"error": 0, "id": …}}`, or the failure
///   inside an HTTP 200.
///
/// A recipient can be given a script: answers used one per request, then ordinary acceptance.
actor ProviderContractStub {
    enum Answer: Sendable {
        /// Twilio's error JSON with this HTTP status and code, plus `Retry-After` when given.
        case twilioError(status: Int, code: Int, retryAfter: String?)
        /// SMSMobileAPI's failure inside an HTTP 200.
        case smsMobileAPIError(code: Int)
        /// An HTML 503 page, as a failing front end answers.
        case serviceUnavailable
        /// Waits, then accepts (longer than the sender's timeout: the sender gives up, the message exists).
        case acceptAfter(Duration)
    }

    /// One message a provider took.
    struct Taken: Sendable {
        var provider: String
        var id: String
        var to: String
        var body: String
        var statusCallback: String?
        var created: Date
    }

    /// One send request as received.
    struct SendRequest: Sendable {
        var provider: String
        var authorization: String?
        var contentType: String?
        var form: [String: String]
    }

    let twilioAccountSID: String
    let twilioAuthToken: String
    let smsMobileAPIKey: String
    private var scripts: [String: [Answer]] = [:]
    private(set) var taken: [Taken] = []
    private(set) var sendRequests: [SendRequest] = []
    private(set) var lookups = 0
    /// Ids of messages taken whose answer is not sent yet.
    private var inFlight: Set<String> = []
    private var listsInFlight = true

    init(twilioAccountSID: String, twilioAuthToken: String, smsMobileAPIKey: String) {
        self.twilioAccountSID = twilioAccountSID
        self.twilioAuthToken = twilioAuthToken
        self.smsMobileAPIKey = smsMobileAPIKey
    }

    func script(_ recipient: String, _ answers: [Answer]) {
        scripts[recipient] = answers
    }

    /// From now on a message appears in Twilio's list only once its create request was answered, as a request
    /// still being processed may not show yet.
    func hideMessagesInFlight() {
        listsInFlight = false
    }

    /// How many times each body was taken (a message sent twice counts 2).
    func takenCountsByBody() -> [String: Int] {
        taken.reduce(into: [:]) { $0[$1.body, default: 0] += 1 }
    }

    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/2010-04-01/Accounts/:account/Messages.json") { request, context in
            try await self.twilioCreate(request, account: context.parameters.get("account") ?? "")
        }
        router.get("/2010-04-01/Accounts/:account/Messages.json") { request, context in
            try await self.twilioList(request, account: context.parameters.get("account") ?? "")
        }
        router.get("/2010-04-01/Accounts/{account}.json") { request, context in
            await self.twilioAccount(request, account: context.parameters.get("account") ?? "")
        }
        router.post("/sendsms/") { request, _ in try await self.smsMobileAPISend(request) }
        return router
    }

    // MARK: Twilio

    private func twilioCreate(_ request: Request, account: String) async throws -> Response {
        let form = Self.form(String(buffer: try await request.body.collect(upTo: 1 << 20)))
        sendRequests.append(
            SendRequest(
                provider: "twilio", authorization: request.headers[.authorization],
                contentType: request.headers[.contentType], form: form))
        guard authorized(request, account: account) else {
            return Self.twilioError(401, code: 20003, message: "Authenticate")
        }
        guard let to = form["To"], let body = form["Body"] ?? form["ContentSid"] ?? form["MediaUrl"],
            form["From"] != nil || form["MessagingServiceSid"] != nil
        else { return Self.twilioError(400, code: 21604, message: "A 'To' phone number is required.") }
        switch nextAnswer(for: to) {
        case .twilioError(let status, let code, let retryAfter):
            var headers = HTTPFields()
            if let retryAfter { headers[.retryAfter] = retryAfter }
            // Twilio quotes the number in its messages (e.g. 21211): what a sender must not copy into a log.
            return Self.twilioError(
                status, code: code, message: "Error \(code): the number \(to) is unavailable", headers: headers)
        case .serviceUnavailable:
            return Response(
                status: .serviceUnavailable, headers: [.contentType: "text/html"],
                body: .init(byteBuffer: ByteBuffer(string: "<html>503</html>")))
        case .acceptAfter(let delay):
            let message = take("twilio", to: to, body: body, callback: form["StatusCallback"])
            inFlight.insert(message.id)
            try await Task.sleep(for: delay)
            inFlight.remove(message.id)
            return Self.json(201, Self.twilioResource(message))
        case .smsMobileAPIError, nil:
            return Self.json(
                201, Self.twilioResource(take("twilio", to: to, body: body, callback: form["StatusCallback"])))
        }
    }

    /// `GET /Accounts/{sid}.json`: what the WhatsApp engine checks the credentials with.
    private func twilioAccount(_ request: Request, account: String) -> Response {
        guard authorized(request, account: account) else {
            return Self.twilioError(401, code: 20003, message: "Authenticate")
        }
        return Self.json(200, ["sid": account, "status": "active", "friendly_name": "e2e"])
    }

    private func twilioList(_ request: Request, account: String) async throws -> Response {
        lookups += 1
        guard authorized(request, account: account) else {
            return Self.twilioError(401, code: 20003, message: "Authenticate")
        }
        let to = request.uri.queryParameters.get("To")
        let listed = taken.filter {
            $0.provider == "twilio" && (to == nil || $0.to == to) && (listsInFlight || !inFlight.contains($0.id))
        }.reversed()
        return Self.json(200, ["messages": listed.map(Self.twilioResource), "page": 0, "page_size": 50])
    }

    private func authorized(_ request: Request, account: String) -> Bool {
        let expected = "Basic " + Data("\(twilioAccountSID):\(twilioAuthToken)".utf8).base64EncodedString()
        return account == twilioAccountSID && request.headers[.authorization] == expected
    }

    private static func twilioResource(_ message: Taken) -> [String: Any] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return [
            "sid": message.id, "to": message.to, "body": message.body, "status": "queued", "num_segments": "1",
            "date_created": formatter.string(from: message.created), "direction": "outbound-api",
        ]
    }

    private static func twilioError(_ status: Int, code: Int, message: String, headers: HTTPFields = [:]) -> Response {
        json(
            status,
            [
                "code": code, "message": message, "status": status,
                "more_info": "https://www.twilio.com/docs/errors/\(code)",
            ], headers: headers)
    }

    // MARK: SMSMobileAPI

    private func smsMobileAPISend(_ request: Request) async throws -> Response {
        let form = Self.form(String(buffer: try await request.body.collect(upTo: 1 << 20)))
        sendRequests.append(
            SendRequest(
                provider: "smsmobileapi", authorization: request.headers[.authorization],
                contentType: request.headers[.contentType], form: form))
        guard form["apikey"] == smsMobileAPIKey else {
            return Self.json(403, ["error": "invalid_apikey", "message": "Invalid API key"])
        }
        guard let to = form["recipients"], let body = form["message"] else {
            return Self.json(400, ["error": "missing_parameter", "message": "recipients and message are required"])
        }
        switch nextAnswer(for: to) {
        case .smsMobileAPIError(let code):
            return Self.json(200, ["result": ["error": code, "sent": "0", "note": "error"]])
        case .serviceUnavailable:
            return Response(status: .internalServerError, headers: [.contentType: "text/html"])
        case .acceptAfter(let delay):
            let message = take("smsmobileapi", to: to, body: body, callback: nil)
            try await Task.sleep(for: delay)
            return Self.json(
                200, ["result": ["error": 0, "sent": "1", "id": message.id, "note": "sent by mobile"]])
        case .twilioError, nil:
            let message = take("smsmobileapi", to: to, body: body, callback: nil)
            return Self.json(
                200, ["result": ["error": 0, "sent": "1", "id": message.id, "note": "sent by mobile"]])
        }
    }

    // MARK: Shared

    private func nextAnswer(for recipient: String) -> Answer? {
        guard var answers = scripts[recipient], !answers.isEmpty else { return nil }
        let answer = answers.removeFirst()
        scripts[recipient] = answers
        return answer
    }

    private func take(_ provider: String, to: String, body: String, callback: String?) -> Taken {
        let id =
            provider == "twilio"
            ? "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            : UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let message = Taken(provider: provider, id: id, to: to, body: body, statusCallback: callback, created: Date())
        taken.append(message)
        return message
    }

    private static func form(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    private static func json(_ status: Int, _ object: [String: Any], headers: HTTPFields = [:]) -> Response {
        jsonResponse(status, object, headers: headers)
    }
}
