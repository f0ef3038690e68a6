import Domain
import Foundation
import LocalStubServer
import OutboundHTTP
import Testing

@testable import SMSSender

@Suite("SMSMobileAPI provider against a stub speaking its contract")
struct SMSMobileAPIProviderTests {
    static let apiKey = "smk-test-key"

    /// Runs `body` with a stub behaving as `behaviour` and a provider pointed at it.
    private func withStub(
        _ behaviour: SMSMobileAPIStub.Behaviour, apiKey: String = apiKey, timeout: Duration? = nil,
        _ body: (SMSMobileAPIProvider, SMSMobileAPIStub) async throws -> Void
    ) async throws {
        let stub = SMSMobileAPIStub(apiKey: Self.apiKey, behaviour: behaviour)
        try await ProviderStubServer.run(router: stub.router()) { server in
            let client = makeClient()
            defer { client.shutdown() }
            let provider = SMSMobileAPIProvider(
                configuration: SMSMobileAPIConfiguration(apiKey: apiKey, baseURL: server.baseURL, timeout: timeout),
                client: client)
            try await body(provider, stub)
        }
    }

    @Test("sends the documented form POST and reads result.id")
    func acceptedWithExactRequest() async throws {
        try await withStub(.accept(id: "c319d3b35e8f8712cde20dae39ac3c19f86eda25")) { provider, stub in
            let result = await provider.send(sms())
            #expect(result == .accepted(providerMessageID: "c319d3b35e8f8712cde20dae39ac3c19f86eda25", segments: nil))

            let requests = await stub.log.requests
            try #require(requests.count == 1)
            let request = requests[0]
            #expect(request.method == "POST")
            #expect(request.path == "/sendsms/")
            #expect(request.query == "")
            #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(request.header("Accept") == "application/json")
            #expect(request.header("Authorization") == nil)
            #expect(
                request.body
                    == "apikey=smk-test-key&recipients=%2B33612345678&message=\(awkwardTextEncoded)&sendsms=1")
        }
    }

    @Test("names the sending phone with sIdentifiant for a device origin")
    func deviceOrigin() async throws {
        try await withStub(.accept(id: "guid-2")) { provider, stub in
            let result = await provider.send(sms(origin: .device(id: "office-phone-1")))
            #expect(result.isAccepted)
            let request = try #require(await stub.log.requests.first)
            #expect(request.formNames == ["apikey", "recipients", "message", "sendsms", "sIdentifiant"])
            #expect(request.body.hasSuffix("&sIdentifiant=office-phone-1"))
        }
    }

    @Test("a failure inside HTTP 200 (result.error ≠ 0) is permanent and keeps the code")
    func applicationErrorInside200() async throws {
        try await withStub(.applicationError(code: 7)) { provider, _ in
            let result = await provider.send(sms())
            guard case .permanentFailure(let code, _) = result else {
                Issue.record("expected a permanent failure, got \(result)")
                return
            }
            #expect(code == "7")
            expectNoLeak(result, of: ["33612345678", "Bonjour", Self.apiKey])
        }
    }

    @Test("a rejected API key (403 invalid_apikey) fails at once with the provider's code")
    func badAPIKey() async throws {
        try await withStub(.accept(id: "never"), apiKey: "wrong-key") { provider, stub in
            let result = await provider.send(sms())
            guard case .permanentFailure(let code, _) = result else {
                Issue.record("expected a permanent failure, got \(result)")
                return
            }
            #expect(code == "invalid_apikey")
            #expect(await stub.log.requests.count == 1)
            expectNoLeak(result, of: ["33612345678", "Bonjour", "wrong-key", Self.apiKey])
        }
    }

    @Test("a missing parameter (400 missing_parameter) is permanent")
    func missingParameter() async throws {
        try await withStub(.accept(id: "never")) { provider, _ in
            let result = await provider.send(sms(text: ""))
            #expect(result.failureCode == "missing_parameter")
            guard case .permanentFailure = result else {
                Issue.record("expected a permanent failure, got \(result)")
                return
            }
        }
    }

    @Test("429 is transient and honours Retry-After")
    func rateLimited() async throws {
        try await withStub(.rateLimited(retryAfter: "30")) { provider, _ in
            let result = await provider.send(sms())
            #expect(
                result == .transientFailure(code: "rate_limited", reason: reasonOf(result), retryAfter: .seconds(30)))
        }
    }

    @Test("500 with an HTML page is transient")
    func serverError() async throws {
        try await withStub(.serverError) { provider, _ in
            let result = await provider.send(sms())
            #expect(result == .transientFailure(code: "http_500", reason: reasonOf(result), retryAfter: nil))
        }
    }

    @Test("an unreadable 200 is not retried, since the phone may already have been asked to send")
    func unreadable200() async throws {
        try await withStub(.garbage) { provider, _ in
            let result = await provider.send(sms())
            #expect(result == .permanentFailure(code: "invalid_response", reason: reasonOf(result)))
        }
    }

    @Test("a response slower than the timeout is a transient timeout")
    func slowResponse() async throws {
        try await withStub(.slow(.seconds(3)), timeout: .milliseconds(300)) { provider, _ in
            let started = ContinuousClock.now
            let result = await provider.send(sms())
            #expect(result.failureCode == "timeout")
            guard case .transientFailure = result else {
                Issue.record("expected a transient failure, got \(result)")
                return
            }
            #expect(ContinuousClock.now - started < .seconds(2))
        }
    }

    @Test("nothing listening is a transient connect failure")
    func connectionRefused() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        let provider = SMSMobileAPIProvider(
            configuration: SMSMobileAPIConfiguration(
                apiKey: Self.apiKey, baseURL: "http://127.0.0.1:\(try closedLocalPort())"),
            client: client)
        let result = await provider.send(sms())
        #expect(result.failureCode == "connect_failed")
        guard case .transientFailure = result else {
            Issue.record("expected a transient failure, got \(result)")
            return
        }
        expectNoLeak(result, of: ["33612345678", "Bonjour", Self.apiKey])
    }

    @Test("the configuration's description hides the API key")
    func configurationHidesKey() {
        let configuration = SMSMobileAPIConfiguration(apiKey: Self.apiKey)
        #expect(configuration.baseURL == "https://api.smsmobileapi.com")
        #expect(!"\(configuration)".contains(Self.apiKey))
    }
}

/// The reason of a failure (empty for an acceptance), so that equality checks focus on the rest.
func reasonOf(_ result: SMSSendResult) -> String {
    switch result {
    case .accepted: ""
    case .transientFailure(_, let reason, _), .permanentFailure(_, let reason): reason
    }
}
