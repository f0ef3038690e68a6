import Foundation
import MessageStore
import Outbox
import Testing

@testable import SMSSender

@Suite("Providers resolved from the account's sealed credentials", .timeLimit(.minutes(1)))
struct StoredCredentialResolverTests {
    static let accountSID = "AC0123456789abcdef0123456789abcdef"
    static let service = "MG0123456789abcdef0123456789abcdef"

    @Test("a Messaging Service stored in `from` (the gateway's format) sends MessagingServiceSid")
    func messagingServiceInFrom() async throws {
        let stub = TwilioStub(
            accountSID: Self.accountSID, authToken: "tok",
            behaviour: .accept(sid: "SMmg", status: "accepted", numSegments: "0"))
        try await SendingFixture.run { fixture in
            try await fixture.saveCredential(
                provider: "twilio",
                json: #"{"accountSid":"\#(Self.accountSID)","authToken":"tok","from":"\#(Self.service)"}"#)
            try await ProviderStubServer.run(router: stub.router()) { server in
                let message = try await fixture.accept(provider: "twilio")
                let outcome = try await fixture.handler(endpoints: SMSProviderEndpoints(twilio: server.baseURL))
                    .handle(payload: SMSSendJob(messageId: message.id).encoded(), isLastAttempt: false)
                #expect(outcome == .sent(providerMessageID: "SMmg"))
                let request = try #require(await stub.log.requests.first)
                #expect(request.formNames == ["To", "MessagingServiceSid", "Body"])
                #expect(request.body.contains("MessagingServiceSid=\(Self.service)"))
            }
        }
    }

    @Test("credentials that are not the provider's JSON fail the message as invalid_credential")
    func unreadableCredential() async throws {
        try await SendingFixture.run { fixture in
            try await fixture.saveCredential(provider: "smsmobileapi", json: #"{"key":"wrong-field"}"#)
            let message = try await fixture.accept(provider: "smsmobileapi")
            let outcome = try await fixture.handler()
                .handle(payload: SMSSendJob(messageId: message.id).encoded(), isLastAttempt: false)
            #expect(outcome == .failed(code: "invalid_credential"))
            let stored = try #require(try await fixture.messages.load(id: message.id))
            #expect(stored.status == .failed)
            #expect(stored.providerErrorMessage?.contains("wrong-field") == false)
        }
    }

    @Test("the rate-limit bucket is per provider account")
    func rateLimitKey() async throws {
        try await SendingFixture.run { fixture in
            try await fixture.saveCredential(
                provider: "twilio",
                json: #"{"accountSid":"\#(Self.accountSID)","authToken":"tok","from":"+15017122661"}"#)
            let resolver = StoredCredentialResolver(credentials: fixture.credentials, client: fixture.client)
            let twilio = try await resolver.resolve(for: try await fixture.accept(provider: "twilio"))
            #expect(twilio.rateLimitKey == "sms:twilio:\(Self.accountSID)")
            let sandbox = try await resolver.resolve(for: try await fixture.accept(provider: "sandbox"))
            #expect(sandbox.rateLimitKey == "sms:sandbox:\(fixture.accountID.uuidString.lowercased())")
        }
    }
}
