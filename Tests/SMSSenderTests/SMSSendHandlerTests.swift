import Domain
import Foundation
import JobRuntime
import MessageStore
import Outbox
import Testing

@testable import SMSSender

@Suite("sms.send handler against real Postgres, Redis and provider stubs", .timeLimit(.minutes(1)))
struct SMSSendHandlerTests {
    static let accountSID = "AC0123456789abcdef0123456789abcdef"
    static let authToken = "tw-secret-token"
    static let twilioCredential =
        #"{"accountSid":"\#(accountSID)","authToken":"\#(authToken)","from":"+15017122661"}"#
    static let invalidRecipient = try! PhoneNumber("+15005550001")

    /// Runs `body` with a Twilio stub behaving as `behaviour` and the account's Twilio credentials stored.
    private func withTwilio(
        _ behaviour: TwilioStub.Behaviour,
        _ body: (SendingFixture, TwilioStub, SMSProviderEndpoints) async throws -> Void
    ) async throws {
        var stub = TwilioStub(accountSID: Self.accountSID, authToken: Self.authToken, behaviour: behaviour)
        stub.invalidNumbers = [Self.invalidRecipient.e164]
        try await SendingFixture.run { fixture in
            try await fixture.saveCredential(provider: "twilio", json: Self.twilioCredential)
            try await ProviderStubServer.run(router: stub.router()) { server in
                try await body(fixture, stub, SMSProviderEndpoints(twilio: server.baseURL))
            }
        }
    }

    private func payload(_ message: StoredMessage) -> [UInt8] {
        SMSSendJob(messageId: message.id).encoded()
    }

    @Test("an accepted message becomes sent with the provider's id and its credits are committed")
    func sendsOnce() async throws {
        try await withTwilio(.accept(sid: "SMsent0001", status: "queued", numSegments: "2")) {
            fixture, stub, endpoints in
            let message = try await fixture.accept(provider: "twilio", segments: 2)
            let handler = fixture.handler(endpoints: endpoints)

            let outcome = try await handler.handle(payload: payload(message), isLastAttempt: false)
            #expect(outcome == .sent(providerMessageID: "SMsent0001"))
            let stored = try #require(try await fixture.messages.load(id: message.id))
            #expect(stored.status == .sent)
            #expect(stored.provider == "twilio")
            #expect(stored.providerMessageID == "SMsent0001")
            let balance = try await fixture.balance()
            #expect(balance.committed == 2)
            #expect(balance.held == 0)
            #expect(balance.available == SendingFixture.granted - 2)

            let request = try #require(await stub.log.requests.first)
            #expect(request.body.contains("To=%2B33612345678"))
            #expect(request.body.contains("From=%2B15017122661"))

            // A redelivered job (crash after sending, reclaim) must not send again.
            let again = try await handler.handle(payload: payload(message), isLastAttempt: false)
            #expect(again == .skipped(.sent))
            #expect(await stub.log.requests.count == 1)
            #expect(try await fixture.balance().committed == 2)
        }
    }

    @Test("a permanent refusal marks the message failed with the provider's code and releases the hold")
    func permanentFailure() async throws {
        try await withTwilio(.accept(sid: "SMunused", status: "queued", numSegments: "1")) { fixture, stub, endpoints in
            let message = try await fixture.accept(provider: "twilio", recipient: Self.invalidRecipient, segments: 3)
            #expect(try await fixture.balance().held == 3)
            let handler = fixture.handler(endpoints: endpoints)

            let outcome = try await handler.handle(payload: payload(message), isLastAttempt: false)
            #expect(outcome == .failed(code: "21211"))
            let stored = try #require(try await fixture.messages.load(id: message.id))
            #expect(stored.status == .failed)
            #expect(stored.providerErrorCode == "21211")
            #expect(stored.providerErrorMessage?.contains("not a valid phone number") == true)
            #expect(stored.providerErrorMessage?.contains("15005550001") == false)
            let balance = try await fixture.balance()
            #expect(balance.held == 0)
            #expect(balance.committed == 0)
            #expect(balance.available == SendingFixture.granted)

            #expect(try await handler.handle(payload: payload(message), isLastAttempt: false) == .skipped(.failed))
            #expect(await stub.log.requests.count == 1)
        }
    }

    @Test("a transient failure is retried with the stub's Retry-After; on the last attempt it fails the message")
    func transientFailure() async throws {
        let stub = SMSMobileAPIStub(apiKey: "smsm-key", behaviour: .rateLimited(retryAfter: "7"))
        try await SendingFixture.run { fixture in
            try await fixture.saveCredential(provider: "smsmobileapi", json: #"{"apiKey":"smsm-key"}"#)
            try await ProviderStubServer.run(router: stub.router()) { server in
                let handler = fixture.handler(endpoints: SMSProviderEndpoints(smsMobileAPI: server.baseURL))
                let message = try await fixture.accept(provider: "smsmobileapi")

                await #expect {
                    try await handler.handle(payload: payload(message), isLastAttempt: false)
                } throws: { error in
                    guard case .transient(_, let retryAfter)? = error as? JobFailure else { return false }
                    return retryAfter == .seconds(7)
                }
                #expect(try await fixture.messages.load(id: message.id)?.status == .pending)
                #expect(try await fixture.balance().held == 1)

                let last = try await handler.handle(payload: payload(message), isLastAttempt: true)
                #expect(last == .failed(code: "rate_limited"))
                let stored = try #require(try await fixture.messages.load(id: message.id))
                #expect(stored.status == .failed)
                #expect(stored.providerErrorCode == "rate_limited")
                #expect(try await fixture.balance().held == 0)
                #expect(await stub.log.requests.count == 2)
            }
        }
    }

    @Test("an exhausted provider-account bucket answers rateLimited before anything is sent")
    func rateLimited() async throws {
        try await withTwilio(.accept(sid: "SMfirst", status: "queued", numSegments: "1")) { fixture, stub, endpoints in
            let handler = fixture.handler(endpoints: endpoints, rateLimit: SMSRateLimit(burst: 1, perSecond: 0.01))
            let first = try await fixture.accept(provider: "twilio")
            let second = try await fixture.accept(provider: "twilio")

            #expect(
                try await handler.handle(payload: payload(first), isLastAttempt: false)
                    == .sent(providerMessageID: "SMfirst"))
            await #expect {
                try await handler.handle(payload: payload(second), isLastAttempt: true)
            } throws: { error in
                guard case .rateLimited(let wait)? = error as? JobFailure else { return false }
                return wait > .seconds(1)
            }
            #expect(try await fixture.messages.load(id: second.id)?.status == .pending)
            #expect(await stub.log.requests.count == 1)
        }
    }

    @Test("an unknown message or an unreadable payload is a permanent job failure")
    func unknownMessage() async throws {
        try await SendingFixture.run { fixture in
            let handler = fixture.handler()
            await #expect {
                try await handler.handle(payload: SMSSendJob(messageId: UUID()).encoded(), isLastAttempt: false)
            } throws: { error in
                if case .permanent? = error as? JobFailure { true } else { false }
            }
            await #expect {
                try await handler.handle(payload: Array("{\"messageId\": 42}".utf8), isLastAttempt: false)
            } throws: { error in
                if case .permanent? = error as? JobFailure { true } else { false }
            }
        }
    }

    @Test("missing credentials or an unknown provider fail the message and release its hold")
    func unsendable() async throws {
        try await SendingFixture.run { fixture in
            let handler = fixture.handler()
            let noCredential = try await fixture.accept(provider: "twilio")
            let unknown = try await fixture.accept(provider: "carrier-pigeon")
            #expect(
                try await handler.handle(payload: payload(noCredential), isLastAttempt: false)
                    == .failed(code: "credential_missing"))
            #expect(
                try await handler.handle(payload: payload(unknown), isLastAttempt: false)
                    == .failed(code: "unknown_provider"))
            #expect(try await fixture.messages.load(id: noCredential.id)?.providerErrorCode == "credential_missing")
            #expect(try await fixture.balance().held == 0)
        }
    }

    @Test("the sandbox sends without credentials or network")
    func sandbox() async throws {
        try await SendingFixture.run { fixture in
            let message = try await fixture.accept(provider: "sandbox")
            let outcome = try await fixture.handler().handle(payload: payload(message), isLastAttempt: false)
            guard case .sent(let id) = outcome else {
                Issue.record("expected sent, got \(outcome)")
                return
            }
            #expect(id.hasPrefix("sandbox-"))
            #expect(try await fixture.messages.load(id: message.id)?.status == .sent)
        }
    }
}
