import Foundation
import OutboundHTTP

/// The gateway's HTTP API as a customer (and an operator) calls it.
extension SMSSystem {
    struct Reply: @unchecked Sendable {
        var status: Int
        var headers: OutboundHeaders
        var body: [UInt8]

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        }
        var jsonArray: [[String: Any]] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [[String: Any]] ?? []
        }
    }

    /// An account with an API key.
    struct Account: Sendable {
        var id: String
        var key: String
    }

    var baseURL: String { "http://127.0.0.1:\(gatewayPort)" }

    /// One request; `json` is sent as the body, `form` as a form body.
    func call(
        _ method: OutboundRequest.Method, _ path: String, bearer: String? = nil, json: [String: Any]? = nil,
        form: [(name: String, value: String)]? = nil, headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = OutboundRequest(method: method, url: baseURL + path, totalTimeout: .seconds(30))
        if let bearer { request.setBearerToken(bearer) }
        if let json {
            request.setBody(Array(try JSONSerialization.data(withJSONObject: json)), contentType: "application/json")
        }
        if let form { request.setFormBody(form) }
        for (name, value) in headers { request.headers.replaceOrAdd(name, value) }
        let response = try await client.send(request)
        let reply = Reply(status: response.statusCode, headers: response.headers, body: response.body)
        audit.record(request: json, reply: reply.json)
        return reply
    }

    /// `GET /api/admin/invariants` as an operator asks it: the violations (`{invariant, count, sampleIds}`),
    /// empty when every invariant holds. Waits up to `settle` for a clean report (a dead letter being
    /// recorded, say), then returns what the last one said.
    func invariantViolations(settle: Duration = .seconds(10)) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + settle
        while true {
            let reply = try await call(.get, "/api/admin/invariants", bearer: Self.adminSecret)
            guard reply.status == 200 else { throw Failure("GET /api/admin/invariants answered \(reply.status)") }
            if reply.json["ok"] as? Bool == true { return [] }
            let violations = reply.json["violations"] as? [[String: Any]] ?? [["invariant": "unreadable report"]]
            if ContinuousClock.now >= deadline { return violations }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// A new account with an API key, `smsCredits` SMS credits and the stub's Twilio and SMSMobileAPI
    /// credentials stored through the API.
    func makeAccount(smsCredits: Int = 5_000, twilio: Bool = true, smsMobileAPI: Bool = true) async throws -> Account {
        let created = try await call(.post, "/api/admin/accounts", bearer: Self.adminSecret, json: ["name": "e2e"])
        guard created.status == 201, let id = created.json["id"] as? String else {
            throw Failure("account: \(created.status)")
        }
        let issued = try await call(
            .post, "/api/admin/accounts/\(id)/api-keys", bearer: Self.adminSecret, json: ["name": "e2e"])
        guard let key = issued.json["key"] as? String else { throw Failure("api key: \(issued.status)") }
        audit.secret(key, kind: "an API key")
        let credits = try await call(
            .post, "/api/admin/accounts/\(id)/credits", bearer: Self.adminSecret,
            json: ["channel": "sms", "amount": smsCredits])
        guard credits.status == 200 else { throw Failure("credits: \(credits.status)") }
        if twilio {
            let stored = try await call(
                .put, "/api/channels/sms/credentials/twilio", bearer: key,
                json: ["accountSid": Self.twilioAccountSID, "authToken": Self.twilioAuthToken, "from": "+15017122661"])
            guard stored.status == 204 else { throw Failure("twilio credentials: \(stored.status)") }
        }
        if smsMobileAPI {
            let stored = try await call(
                .put, "/api/channels/sms/credentials/smsmobileapi", bearer: key,
                json: ["apiKey": Self.smsMobileAPIKey, "webhookSecret": Self.webhookSecret])
            guard stored.status == 204 else { throw Failure("smsmobileapi credentials: \(stored.status)") }
        }
        return Account(id: id, key: key)
    }

    /// `POST /api/phone/sms`.
    func sendSMS(
        _ account: Account, to recipient: String, text: String, provider: String? = nil,
        idempotencyKey: String? = nil
    ) async throws -> Reply {
        var body: [String: Any] = ["recipient": recipient, "text": text]
        if let provider { body["provider"] = provider }
        return try await call(
            .post, "/api/phone/sms", bearer: account.key, json: body,
            headers: idempotencyKey.map { ["Idempotency-Key": $0] } ?? [:])
    }

    /// `GET /api/messages/{id}`'s body.
    func message(_ account: Account, _ id: String) async throws -> [String: Any] {
        try await call(.get, "/api/messages/\(id)", bearer: account.key).json
    }

    /// Polls the message until its status is `status` (or `timeout` passes); returns its body.
    func waitForStatus(
        _ account: Account, _ id: String, _ status: String, timeout: Duration = .seconds(60)
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            last = try await message(account, id)
            if last["status"] as? String == status { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure("message \(id) stayed \(last["status"] ?? "?"), expected \(status)")
    }

    /// `GET /api/credits`, the SMS row.
    func smsCredits(_ account: Account) async throws -> [String: Any] {
        let rows = try await call(.get, "/api/credits", bearer: account.key).jsonArray
        return rows.first { $0["channel"] as? String == "sms" } ?? [:]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
