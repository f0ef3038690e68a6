import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import JobRuntime
import ServiceRuntime
import TestSupport
import Testing

/// The providers' webhooks through the gateway's router: Twilio status callbacks and SMSMobileAPI events,
/// signed with the account's stored secrets, applied to messages in the real Postgres (a schema per test) and
/// published on the real Redis (a prefix per test).
@Suite struct SMSWebhookRouteTests {
    typealias Fixture = MessagingFixture

    static let authToken = "twilio-auth-token-0123456789abcdef"
    static let accountSID = "AC" + String(repeating: "0123456789abcdef", count: 2)
    static let webhookSecret = "smsmobileapi-webhook-secret-0123456789"

    private static func randomHex(_ count: Int) -> String {
        String(
            (UUID().uuidString + UUID().uuidString).replacingOccurrences(of: "-", with: "").lowercased().prefix(count))
    }

    // MARK: Twilio

    /// An account with Twilio credentials signing with `authToken`.
    func twilioAccount(_ fixture: Fixture, name: String = "Acme", authToken: String = authToken)
        async throws -> MessagingAccount
    {
        let account = try await fixture.account(name: name)
        try await fixture.storeCredentials(
            account, provider: "twilio",
            ["accountSid": Self.accountSID, "authToken": authToken, "from": "+15017122661"])
        return account
    }

    /// A message of `account` that Twilio accepted as `sid`.
    private func sentThroughTwilio(_ fixture: Fixture, _ account: MessagingAccount, sid: String) async throws
        -> MessagingMessage
    {
        let message = try await fixture.send(account)
        #expect(message.provider == "twilio")
        try await fixture.markSent(message, provider: "twilio", providerMessageID: sid)
        return message
    }

    /// `POST /webhooks/twilio/{accountId}` with `fields` form-encoded, signed with `token` over `url` (by
    /// default the public URL of the path, as Twilio does), unsigned when `token` is nil.
    func twilioCallback(
        _ fixture: Fixture, accountID: String, _ fields: [(String, String)], signedWith token: String? = authToken,
        url: String? = nil
    ) async throws -> TestResponse {
        let path = "/webhooks/twilio/\(accountID)"
        let body = fields.map { "\(Self.formEncoded($0))=\(Self.formEncoded($1))" }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let token {
            headers[HTTPField.Name(TwilioSignature.headerName)!] = TwilioSignature.compute(
                url: url ?? Fixture.publicURL + path, parameters: try FormParameters(urlEncoded: body),
                authToken: token)
        }
        return try await fixture.client.execute(
            uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    private static func formEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    private static func twilioStatus(_ sid: String, _ status: String, errorCode: String? = nil) -> [(String, String)] {
        [("MessageSid", sid), ("MessageStatus", status), ("AccountSid", accountSID)]
            + (errorCode.map { [("ErrorCode", $0)] } ?? [])
    }

    @Test func aSignedTwilioDeliveryIsAppliedOnce() async throws {
        try await Fixture.with { fixture in
            let account = try await twilioAccount(fixture)
            let sid = "SM" + Self.randomHex(32)
            let message = try await sentThroughTwilio(fixture, account, sid: sid)
            let delivered = Self.twilioStatus(sid, "delivered")

            // Unsigned: 401; signed with another token or over another URL: 403. Nothing changes.
            try Fixture.problem(
                try await twilioCallback(fixture, accountID: account.id, delivered, signedWith: nil), .unauthorized,
                type: "urn:auto-prospect:problem:missing-signature")
            try Fixture.problem(
                try await twilioCallback(
                    fixture, accountID: account.id, delivered, signedWith: "another-auth-token-0123456789"),
                .forbidden, type: "urn:auto-prospect:problem:invalid-signature")
            try Fixture.problem(
                try await twilioCallback(
                    fixture, accountID: account.id, delivered,
                    url: "http://127.0.0.1:8080/webhooks/twilio/\(account.id)"),
                .forbidden, type: "urn:auto-prospect:problem:invalid-signature")
            let unchanged = try await fixture.message(account, message.messageId)
            #expect(unchanged.status == "sent")
            #expect(unchanged.history?.map(\.status) == ["pending", "queued", "sent"])
            #expect(try await fixture.jobState("events", "\(message.messageId):delivered") == .unknown)

            // Signed: applied, recorded and published.
            let response = try await twilioCallback(fixture, accountID: account.id, delivered)
            #expect(response.status == .noContent)
            let applied = try await fixture.message(account, message.messageId)
            #expect(applied.status == "delivered")
            #expect(applied.history?.map(\.status) == ["pending", "queued", "sent", "delivered"])
            #expect(applied.history?.last?.detail == "twilio status callback: delivered")
            #expect(applied.errorCode == nil)
            #expect(try await fixture.jobState("events", "\(message.messageId):delivered") != .unknown)
            #expect(try await fixture.smsStats(account).delivered == 1)

            // A late `sent` and a repeated `delivered` are acknowledged and change nothing.
            for status in ["sent", "delivered", "queued"] {
                let late = try await twilioCallback(fixture, accountID: account.id, Self.twilioStatus(sid, status))
                #expect(late.status == .noContent)
            }
            let after = try await fixture.message(account, message.messageId)
            #expect(after.status == "delivered")
            #expect(after.history?.count == 4)
        }
    }

    @Test func anUndeliveredCallbackKeepsTwiliosErrorCode() async throws {
        try await Fixture.with { fixture in
            let account = try await twilioAccount(fixture)
            let sid = "SM" + Self.randomHex(32)
            let message = try await sentThroughTwilio(fixture, account, sid: sid)
            let response = try await twilioCallback(
                fixture, accountID: account.id, Self.twilioStatus(sid, "undelivered", errorCode: "30003"))
            #expect(response.status == .noContent)
            let undelivered = try await fixture.message(account, message.messageId)
            #expect(undelivered.status == "undelivered")
            #expect(undelivered.errorCode == "30003")
            #expect(undelivered.history?.last?.status == "undelivered")
            #expect(undelivered.history?.last?.providerCode == "30003")
            #expect(try await fixture.jobState("events", "\(message.messageId):undelivered") != .unknown)
            // Twilio billed it: the credit stays committed.
            let credits = try await fixture.smsCredits(account)
            #expect(credits.committed == 1 && credits.held == 0)
            // A `delivered` arriving after it does not move it back.
            let late = try await twilioCallback(fixture, accountID: account.id, Self.twilioStatus(sid, "delivered"))
            #expect(late.status == .noContent)
            #expect(try await fixture.message(account, message.messageId).status == "undelivered")
        }
    }

    @Test func twilioCallbacksOnlyReachTheNamedAccountsMessages() async throws {
        try await Fixture.with { fixture in
            let account = try await twilioAccount(fixture)
            let other = try await twilioAccount(fixture, name: "Other", authToken: "other-auth-token-0123456789")
            let otherSID = "SM" + Self.randomHex(32)
            let otherMessage = try await sentThroughTwilio(fixture, other, sid: otherSID)

            // A MessageSid this account never sent, or another account's: 404.
            for sid in ["SM" + Self.randomHex(32), otherSID] {
                try Fixture.problem(
                    try await twilioCallback(fixture, accountID: account.id, Self.twilioStatus(sid, "delivered")),
                    .notFound, type: "urn:auto-prospect:problem:unknown-message")
            }
            #expect(try await fixture.message(other, otherMessage.messageId).status == "sent")

            // An account without Twilio credentials, an unknown account, no account id: 403 alike.
            let bare = try await fixture.account(name: "Bare")
            for accountID in [bare.id, UUID().uuidString.lowercased(), "not-an-account"] {
                try Fixture.problem(
                    try await twilioCallback(fixture, accountID: accountID, Self.twilioStatus(otherSID, "delivered")),
                    .forbidden, type: "urn:auto-prospect:problem:invalid-signature")
            }
            #expect(try await fixture.message(other, otherMessage.messageId).status == "sent")
        }
    }

    // MARK: SMSMobileAPI

    /// An account with SMSMobileAPI credentials, with `webhookSecret` when given.
    func smsMobileAPIAccount(_ fixture: Fixture, name: String = "Acme", webhookSecret: String? = webhookSecret)
        async throws -> MessagingAccount
    {
        let account = try await fixture.account(name: name)
        var fields = ["apiKey": "smsmobileapi-key-fedcba9876543210"]
        fields["webhookSecret"] = webhookSecret
        try await fixture.storeCredentials(account, provider: "smsmobileapi", fields)
        return account
    }

    /// `POST /webhooks/smsmobileapi/{accountId}` with a Webhook V2 event, signed with `secret` at `timestamp`
    /// (default now), unsigned when `secret` is nil.
    func smsMobileAPIEvent(
        _ fixture: Fixture, accountID: String, type: String, data: [String: String],
        eventID: String = UUID().uuidString.lowercased(), signedWith secret: String? = webhookSecret,
        timestamp: Int64 = Int64(Date().timeIntervalSince1970)
    ) async throws -> TestResponse {
        let envelope: [String: Any] = [
            "id": eventID, "type": type, "api_version": "2",
            "created_at": ISO8601DateFormatter().string(from: Date()), "data": data,
        ]
        let body = Array(try JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys]))
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name(SMSMobileAPISignature.timestampHeaderName)!] = String(timestamp)
        if let secret {
            headers[HTTPField.Name(SMSMobileAPISignature.signatureHeaderName)!] = try SMSMobileAPISignature.compute(
                timestamp: String(timestamp), body: body, secret: secret)
        }
        return try await fixture.client.execute(
            uri: "/webhooks/smsmobileapi/\(accountID)", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    @Test func aSignedSMSMobileAPIFailureFailsTheSentMessage() async throws {
        try await Fixture.with { fixture in
            let account = try await smsMobileAPIAccount(fixture)
            let message = try await fixture.send(account)
            #expect(message.provider == "smsmobileapi")
            let guid = UUID().uuidString
            try await fixture.markSent(message, provider: "smsmobileapi", providerMessageID: guid)
            let data = ["guid": guid]

            // Unsigned: 401; wrong secret or a stale timestamp: 403. Nothing changes.
            try Fixture.problem(
                try await smsMobileAPIEvent(
                    fixture, accountID: account.id, type: "sms.failed", data: data, signedWith: nil),
                .unauthorized, type: "urn:auto-prospect:problem:missing-signature")
            try Fixture.problem(
                try await smsMobileAPIEvent(
                    fixture, accountID: account.id, type: "sms.failed", data: data,
                    signedWith: "another-webhook-secret-0123456789"),
                .forbidden, type: "urn:auto-prospect:problem:invalid-signature")
            try Fixture.problem(
                try await smsMobileAPIEvent(
                    fixture, accountID: account.id, type: "sms.failed", data: data,
                    timestamp: Int64(Date().timeIntervalSince1970) - 1_000),
                .forbidden, type: "urn:auto-prospect:problem:stale-timestamp")
            #expect(try await fixture.message(account, message.messageId).status == "sent")

            // Signed and fresh: 202, the message failed, recorded and published.
            let response = try await smsMobileAPIEvent(fixture, accountID: account.id, type: "sms.failed", data: data)
            #expect(response.status == .accepted)
            let failed = try await fixture.message(account, message.messageId)
            #expect(failed.status == "failed")
            #expect(failed.history?.map(\.status) == ["pending", "queued", "sent", "failed"])
            #expect(failed.history?.last?.providerCode == "sms.failed")
            #expect(try await fixture.jobState("events", "\(message.messageId):failed") != .unknown)
            #expect(try await fixture.smsStats(account).failed == 1)

            // `sms.sent` is acknowledged and changes nothing; an unknown guid is 404.
            let sent = try await smsMobileAPIEvent(fixture, accountID: account.id, type: "sms.sent", data: data)
            #expect(sent.status == .accepted)
            #expect(try await fixture.message(account, message.messageId).status == "failed")
            try Fixture.problem(
                try await smsMobileAPIEvent(
                    fixture, accountID: account.id, type: "sms.failed", data: ["guid": UUID().uuidString]),
                .notFound, type: "urn:auto-prospect:problem:unknown-message")
        }
    }

    @Test func anInboundSMSMobileAPIReplyIsOneInboundJob() async throws {
        try await Fixture.with { fixture in
            let account = try await smsMobileAPIAccount(fixture)
            let eventID = UUID().uuidString.lowercased()
            let data = [
                "from": "+33612345678", "message": "Oui, toujours disponible", "received_at": "2026-11-23T10:00:00Z",
                "device_id": "phone-1",
            ]
            for _ in 0..<2 {  // a redelivered event is the same job
                let response = try await smsMobileAPIEvent(
                    fixture, accountID: account.id, type: "sms.received", data: data, eventID: eventID)
                #expect(response.status == .accepted)
            }
            let inbound = fixture.test.stores.queue(named: "inbound")
            let job = try await inbound.status(of: "smsmobileapi:\(eventID)")
            #expect(job.state == .waiting)
            #expect(job.name == "sms.received")
            let stats = try await inbound.stats()
            #expect(stats.enqueued == 1 && stats.waiting == 1)

            // What a consumer of `inbound` is handed.
            let inbox = JobInbox()
            let worker = JobWorker(
                queue: inbound,
                options: JobWorkerOptions(
                    consumerName: "test-\(UUID().uuidString.prefix(6))", concurrency: 1,
                    blockTimeout: .milliseconds(100)),
                logger: TestStores.quietLogger
            ) { job in await inbox.add(job) }
            let running = Task { try await worker.run() }
            let consumed = await eventually(timeout: .seconds(30)) { await inbox.jobs.count == 1 }
            worker.shutdown()
            try await running.value
            try #require(consumed)
            let delivered = try #require(await inbox.jobs.first)
            #expect(delivered.id == "smsmobileapi:\(eventID)" && delivered.accountID == account.id)
            let payload = try #require(
                try JSONSerialization.jsonObject(with: Data(delivered.payload)) as? [String: Any])
            #expect((payload["accountId"] as? String).flatMap(UUID.init(uuidString:)) == account.uuid)
            #expect(payload["provider"] as? String == "smsmobileapi")
            #expect(payload["from"] as? String == "+33612345678")
            #expect(payload["providerMessageId"] as? String == eventID)
            #expect(payload["text"] as? String == "Oui, toujours disponible")
            #expect(payload["receivedAt"] as? String == "2026-11-23T10:00:00.000Z")
        }
    }

    @Test func smsMobileAPIEventsNeedAStoredWebhookSecret() async throws {
        try await Fixture.with { fixture in
            let withoutSecret = try await smsMobileAPIAccount(fixture, webhookSecret: nil)
            let bare = try await fixture.account(name: "Bare")
            for accountID in [withoutSecret.id, bare.id, UUID().uuidString.lowercased(), "not-an-account"] {
                try Fixture.problem(
                    try await smsMobileAPIEvent(
                        fixture, accountID: accountID, type: "sms.received", data: ["message": "hello"]),
                    .forbidden, type: "urn:auto-prospect:problem:invalid-signature")
            }
            #expect(try await fixture.test.stores.queue(named: "inbound").stats().enqueued == 0)
        }
    }
}

/// The jobs a test worker was handed.
private actor JobInbox {
    private(set) var jobs: [Job] = []

    func add(_ job: Job) { jobs.append(job) }
}
