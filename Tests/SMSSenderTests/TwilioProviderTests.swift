import Domain
import Foundation
import Hummingbird
import OutboundHTTP
import Testing

@testable import SMSSender

@Suite("Twilio provider against a stub speaking its contract")
struct TwilioProviderTests {
    static let accountSID = "AC0123456789abcdef0123456789abcdef"
    static let authToken = "tw-secret-token"
    static let invalidRecipient = try! PhoneNumber("+15005550001")
    static let unsubscribedRecipient = try! PhoneNumber("+33699999999")

    /// Runs `body` with a stub behaving as `behaviour` and a provider pointed at it.
    private func withStub(
        _ behaviour: TwilioStub.Behaviour,
        authToken: String = authToken,
        origin: SMSOrigin = .number("+15017122661"),
        statusCallbackURL: String? = nil,
        timeout: Duration? = nil,
        _ body: (TwilioProvider, TwilioStub) async throws -> Void
    ) async throws {
        var stub = TwilioStub(accountSID: Self.accountSID, authToken: Self.authToken, behaviour: behaviour)
        stub.invalidNumbers = [Self.invalidRecipient.e164]
        stub.unsubscribedNumbers = [Self.unsubscribedRecipient.e164]
        try await ProviderStubServer.run(router: stub.router()) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let configuration = TwilioConfiguration(
                accountSID: Self.accountSID, authToken: authToken, defaultOrigin: origin,
                statusCallbackURL: statusCallbackURL, baseURL: server.baseURL, timeout: timeout)
            try await body(TwilioProvider(configuration: configuration, client: client), stub)
        }
    }

    private static let secrets = ["33612345678", "Bonjour", authToken]

    @Test("POSTs the documented PascalCase form with Basic auth and reads sid and num_segments")
    func acceptedWithExactRequest() async throws {
        try await withStub(
            .accept(sid: "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", status: "queued", numSegments: "2"),
            statusCallbackURL: "https://api.example.fr/webhooks/twilio/status"
        ) { provider, stub in
            let result = await provider.send(sms())
            #expect(result == .accepted(providerMessageID: "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", segments: 2))

            let request = try #require(await stub.log.requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/2010-04-01/Accounts/\(Self.accountSID)/Messages.json")
            #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
            let credentials = Data("\(Self.accountSID):\(Self.authToken)".utf8).base64EncodedString()
            #expect(request.header("Authorization") == "Basic \(credentials)")
            #expect(
                request.body
                    == "To=%2B33612345678&From=%2B15017122661&Body=\(awkwardTextEncoded)"
                    + "&StatusCallback=https%3A%2F%2Fapi.example.fr%2Fwebhooks%2Ftwilio%2Fstatus")
            // The server's own form decoder reads back exactly what was meant.
            let form = try URLEncodedFormDecoder().decode(TwilioStub.Parameters.self, from: request.body)
            #expect(form.To == "+33612345678")
            #expect(form.From == "+15017122661")
            #expect(form.Body == awkwardText)
        }
    }

    @Test("a Messaging Service sends MessagingServiceSid and no From; num_segments 0 means unknown")
    func messagingService() async throws {
        try await withStub(
            .accept(sid: "SMbbbb", status: "accepted", numSegments: "0"),
            origin: .messagingService(sid: "MG0123456789abcdef0123456789abcdef")
        ) { provider, stub in
            let result = await provider.send(sms())
            #expect(result == .accepted(providerMessageID: "SMbbbb", segments: nil))
            let request = try #require(await stub.log.requests.first)
            #expect(request.formNames == ["To", "MessagingServiceSid", "Body"])
        }
    }

    @Test("a message's own origin overrides the configured sender")
    func messageOrigin() async throws {
        try await withStub(.accept(sid: "SMcccc", status: "queued", numSegments: "1")) { provider, stub in
            let result = await provider.send(sms(origin: .number("Garage")))
            #expect(result.isAccepted)
            let request = try #require(await stub.log.requests.first)
            #expect(request.body.contains("&From=Garage&"))
        }
    }

    @Test("an invalid To (400, 21211) fails at once with Twilio's code and without the number")
    func invalidNumber() async throws {
        try await withStub(.accept(sid: "never", status: "queued", numSegments: "1")) { provider, _ in
            let result = await provider.send(sms(to: Self.invalidRecipient))
            guard case .permanentFailure(let code, _) = result else {
                Issue.record("expected a permanent failure, got \(result)")
                return
            }
            #expect(code == "21211")
            expectNoLeak(result, of: Self.secrets + ["15005550001"])
        }
    }

    @Test("an unsubscribed recipient (400, 21610) fails at once")
    func unsubscribed() async throws {
        try await withStub(.accept(sid: "never", status: "queued", numSegments: "1")) { provider, _ in
            let result = await provider.send(sms(to: Self.unsubscribedRecipient))
            #expect(result == .permanentFailure(code: "21610", reason: reasonOf(result)))
            expectNoLeak(result, of: Self.secrets + ["33699999999"])
        }
    }

    @Test("bad credentials (401, 20003) fail at once")
    func badCredentials() async throws {
        try await withStub(.accept(sid: "never", status: "queued", numSegments: "1"), authToken: "wrong") {
            provider, _ in
            let result = await provider.send(sms())
            #expect(result == .permanentFailure(code: "20003", reason: reasonOf(result)))
            expectNoLeak(result, of: Self.secrets + ["wrong"])
        }
    }

    @Test("a suspended account, out of funds (401, 20005), fails at once")
    func accountNotActive() async throws {
        try await withStub(.error(status: 401, code: 20005, retryAfter: nil)) { provider, _ in
            let result = await provider.send(sms())
            #expect(result == .permanentFailure(code: "20005", reason: reasonOf(result)))
            expectNoLeak(result, of: Self.secrets)
        }
    }

    @Test("429 with 20429 is transient and honours Retry-After")
    func rateLimited() async throws {
        try await withStub(.error(status: 429, code: 20429, retryAfter: "7")) { provider, _ in
            let result = await provider.send(sms())
            #expect(result == .transientFailure(code: "20429", reason: reasonOf(result), retryAfter: .seconds(7)))
        }
    }

    @Test("429 without Retry-After is transient with no wait imposed")
    func rateLimitedWithoutRetryAfter() async throws {
        try await withStub(.error(status: 429, code: 20429, retryAfter: nil)) { provider, _ in
            let result = await provider.send(sms())
            #expect(result == .transientFailure(code: "20429", reason: reasonOf(result), retryAfter: nil))
        }
    }

    @Test("5xx is transient and keeps Twilio's code")
    func serverError() async throws {
        try await withStub(.error(status: 503, code: 20503, retryAfter: nil)) { provider, _ in
            let result = await provider.send(sms())
            #expect(result == .transientFailure(code: "20503", reason: reasonOf(result), retryAfter: nil))
            expectNoLeak(result, of: Self.secrets)
        }
    }

    @Test("a 502 page without Twilio's JSON is transient with our own code")
    func gatewayPage() async throws {
        try await withStub(.htmlError(status: 502)) { provider, _ in
            let result = await provider.send(sms())
            #expect(result == .transientFailure(code: "http_502", reason: reasonOf(result), retryAfter: nil))
        }
    }

    @Test("a message created as failed is a permanent failure")
    func createdAsFailed() async throws {
        try await withStub(.accept(sid: "SMdead", status: "failed", numSegments: "1")) { provider, _ in
            let result = await provider.send(sms())
            #expect(result == .permanentFailure(code: "failed", reason: reasonOf(result)))
        }
    }

    @Test("a response slower than the timeout is a transient timeout")
    func slowResponse() async throws {
        try await withStub(.slow(.seconds(3)), timeout: .milliseconds(300)) { provider, _ in
            let result = await provider.send(sms())
            #expect(result.failureCode == "timeout")
            guard case .transientFailure = result else {
                Issue.record("expected a transient failure, got \(result)")
                return
            }
        }
    }

    @Test("a device origin cannot be used with Twilio and sends nothing")
    func deviceOrigin() async throws {
        try await withStub(.accept(sid: "never", status: "queued", numSegments: "1")) { provider, stub in
            let result = await provider.send(sms(origin: .device(id: "phone-1")))
            #expect(result == .permanentFailure(code: "unsupported_origin", reason: reasonOf(result)))
            #expect(await stub.log.requests.isEmpty)
        }
    }

    @Test("the configuration's description hides the auth token")
    func configurationHidesToken() {
        let configuration = TwilioConfiguration(
            accountSID: Self.accountSID, authToken: Self.authToken, defaultOrigin: .number("+15017122661"))
        #expect(configuration.baseURL == "https://api.twilio.com")
        #expect(!"\(configuration)".contains(Self.authToken))
    }
}
