import Foundation
import Testing

@testable import Gateway

/// Standard Webhooks signatures and the retry schedule, without I/O.
@Suite struct WebhookSigningTests {
    /// The example of the Standard Webhooks specification (and of its reference libraries' tests).
    @Test func theSpecificationsExampleSignsAsItsLibrariesDo() throws {
        let signature = try WebhookSigning.signature(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8),
            secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func duringARotationTheHeaderCarriesASignaturePerSecretNewestFirst() throws {
        let secrets = [try WebhookSigning.newSecret(), try WebhookSigning.newSecret()]
        #expect(secrets.allSatisfy { $0.hasPrefix("whsec_") } && secrets[0] != secrets[1])
        let body = Array(#"{"type":"message.status"}"#.utf8)
        let header = try WebhookSigning.header(id: "evt-1", timestamp: 1_700_000_000, body: body, secrets: secrets)
        let parts = header.split(separator: " ").map(String.init)
        #expect(parts.count == 2)
        #expect(
            parts[0]
                == (try WebhookSigning.signature(id: "evt-1", timestamp: 1_700_000_000, body: body, secret: secrets[0]))
        )
        #expect(
            parts[1]
                == (try WebhookSigning.signature(id: "evt-1", timestamp: 1_700_000_000, body: body, secret: secrets[1]))
        )
        // Another id, timestamp or body is another signature.
        #expect(
            parts[0]
                != (try WebhookSigning.signature(id: "evt-2", timestamp: 1_700_000_000, body: body, secret: secrets[0]))
        )
        #expect(
            parts[0]
                != (try WebhookSigning.signature(id: "evt-1", timestamp: 1_700_000_001, body: body, secret: secrets[0]))
        )
    }

    @Test func theScheduleRetriesEachStepThenDeadLetters() {
        var settings = WebhookSettings()
        settings.retrySchedule = [.seconds(5), .seconds(60)]
        let failed = WebhookAttempt(attempt: 1, at: Date(), statusCode: 500, latencyMs: 3, error: "HTTP 500")
        let unreachable = WebhookAttempt(attempt: 1, at: Date(), statusCode: nil, latencyMs: 3, error: "timed out")
        let ok = WebhookAttempt(attempt: 1, at: Date(), statusCode: 204, latencyMs: 3, error: nil)
        func next(_ attempt: WebhookAttempt, _ cycle: Int) -> WebhookDeliveryStore.Next {
            WebhookDeliverer.next(after: attempt, cycleAttempts: cycle, schedule: settings.retrySchedule)
        }
        #expect(next(failed, 0) == .retry(after: .seconds(5)))
        #expect(next(unreachable, 1) == .retry(after: .seconds(60)))
        #expect(next(failed, 2) == .dead)
        #expect(next(ok, 2) == .succeeded)
        let redirect = WebhookAttempt(attempt: 1, at: Date(), statusCode: 302, latencyMs: 3, error: "HTTP 302")
        #expect(next(redirect, 0) == .retry(after: .seconds(5)), "a redirect is not followed, nor a success")
    }

    @Test func theDefaultScheduleSpansAboutADay() {
        let total = WebhookSettings().retrySchedule.reduce(Duration.zero, +)
        #expect(total > .seconds(20 * 3600) && total <= .seconds(24 * 3600))
    }
}
