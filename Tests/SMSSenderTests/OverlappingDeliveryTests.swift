import Domain
import Foundation
import JobRuntime
import MessageStore
import Outbox
import SendPipeline
import Testing

@testable import SMSSender

/// Two deliveries of one `sms.send` job can run at once (a reclaim from a consumer that looked dead, a
/// failover re-enqueue): the send lease lets exactly one of them call the provider, and a lease that ran out
/// without a recorded outcome makes the next delivery ask the provider before sending again.
@Suite("overlapping deliveries of one SMS", .timeLimit(.minutes(2)))
struct OverlappingDeliveryTests {
    static let accountSID = "AC0123456789abcdef0123456789abcdef"
    static let authToken = "tw-secret-token"
    static let smsMobileAPIKey = "smsm-key"

    /// How one delivery ended, for comparing.
    enum Delivery: Hashable {
        case outcome(SendOutcome)
        /// Told to wait without using an attempt (another delivery holds the lease, or it ran short).
        case waited
        case retried(String)
        case other(String)
    }

    private func deliver(_ handler: SMSSendHandler, _ message: StoredMessage) async -> Delivery {
        do {
            return .outcome(
                try await handler.handle(payload: SMSSendJob(messageId: message.id).encoded(), isLastAttempt: false))
        } catch let failure as JobFailure {
            switch failure {
            case .rateLimited: return .waited
            case .transient(let reason, _): return .retried(reason)
            case .permanent(let reason): return .other(reason)
            }
        } catch {
            return .other("\(error)")
        }
    }

    /// Runs `body` with both providers' credentials stored and both served by one contract stub.
    private func withProviders(
        timeout: Duration = .seconds(10),
        _ body: (SendingFixture, ProviderContractStub, SMSProviderEndpoints) async throws -> Void
    ) async throws {
        let stub = ProviderContractStub(
            twilioAccountSID: Self.accountSID, twilioAuthToken: Self.authToken, smsMobileAPIKey: Self.smsMobileAPIKey)
        try await SendingFixture.run { fixture in
            try await fixture.saveCredential(
                provider: "twilio",
                json: #"{"accountSid":"\#(Self.accountSID)","authToken":"\#(Self.authToken)","from":"+15017122661"}"#)
            try await fixture.saveCredential(provider: "smsmobileapi", json: #"{"apiKey":"\#(Self.smsMobileAPIKey)"}"#)
            try await ProviderStubServer.run(router: stub.router()) { server in
                try await body(
                    fixture, stub,
                    SMSProviderEndpoints(twilio: server.baseURL, smsMobileAPI: server.baseURL, timeout: timeout))
            }
        }
    }

    @Test(
        "two deliveries at once against a slow provider make exactly one provider request",
        arguments: ["twilio", "smsmobileapi"])
    func twoDeliveriesSendOnce(provider: String) async throws {
        try await withProviders { fixture, stub, endpoints in
            let message = try await fixture.accept(provider: provider)
            await stub.script(message.recipient.e164, [.acceptAfter(.seconds(2))])
            let handler = fixture.handler(endpoints: endpoints)

            async let first = deliver(handler, message)
            async let second = deliver(handler, message)
            let results = await [first, second]

            #expect(await stub.sendRequests.count == 1)
            #expect(results.filter { if case .outcome(.sent) = $0 { true } else { false } }.count == 1)
            #expect(results.contains(.waited))
            #expect(try await fixture.messages.load(id: message.id)?.status == .sent)
            let balance = try await fixture.balance()
            #expect(balance.committed == 1 && balance.held == 0)
            // The delivery that waited runs again later and finds the message sent.
            #expect(await deliver(handler, message) == .outcome(.skipped(.sent)))
            #expect(await stub.sendRequests.count == 1)
        }
    }

    @Test("a lease that ran out mid-call is looked up, not sent again, by the next delivery")
    func expiredLeaseIsLookedUp() async throws {
        try await withProviders { fixture, stub, endpoints in
            let message = try await fixture.accept(provider: "twilio")
            await stub.script(message.recipient.e164, [.acceptAfter(.seconds(4))])
            // The first delivery's lease is far too short for its call: as if its process froze mid-call.
            let frozen = fixture.handler(
                endpoints: endpoints,
                lease: SendStateMachine.Settings(leaseDuration: .seconds(2), minimumLeaseForSend: .milliseconds(500)))
            let normal = fixture.handler(endpoints: endpoints)
            async let firstDelivery = deliver(frozen, message)
            try await eventuallyTrue(timeout: .seconds(10)) { await stub.sendRequests.count == 1 }

            // While its lease lives, another delivery does not call the provider.
            #expect(await deliver(normal, message) == .waited)
            #expect(await stub.sendRequests.count == 1)
            #expect(await stub.lookups == 0)

            // Once it ran out without a recorded outcome, the next delivery asks Twilio and records what it finds.
            var next = Delivery.waited
            try await eventuallyTrue(timeout: .seconds(10)) {
                next = await deliver(normal, message)
                return next != .waited
            }
            guard case .outcome(.sent) = next else {
                Issue.record("expected the lookup to find the message, got \(next)")
                return
            }
            #expect(await stub.lookups == 1)
            #expect(await stub.sendRequests.count == 1)
            // The frozen delivery wakes up with Twilio's answer: recorded already, nothing changes.
            let first = await firstDelivery
            #expect(first == next || first == .outcome(.skipped(.sent)))
            #expect(await stub.takenCountsByBody().values.allSatisfy { $0 == 1 })
            #expect(try await fixture.balance().committed == 1)
        }
    }

    @Test("a delivery whose lease runs short before the call does not send")
    func shortLeaseDoesNotSend() async throws {
        try await withProviders { fixture, stub, endpoints in
            let message = try await fixture.accept(provider: "smsmobileapi")
            // No lease can ever leave a whole lease's worth of time by the moment of the call.
            let handler = fixture.handler(
                endpoints: endpoints,
                lease: SendStateMachine.Settings(leaseDuration: .seconds(1), minimumLeaseForSend: .seconds(1)))
            #expect(await deliver(handler, message) == .waited)
            #expect(await stub.sendRequests.isEmpty)
            // It gave the lease back, without an attempt mark: a sound delivery sends at once, without asking.
            #expect(await deliver(fixture.handler(endpoints: endpoints), message) != .waited)
            #expect(await stub.sendRequests.count == 1)
            #expect(try await fixture.messages.load(id: message.id)?.status == .sent)
        }
    }
}
