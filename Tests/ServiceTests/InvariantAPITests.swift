import Domain
import Foundation
import Gateway
import MessageStore
import Outbox
import Testing

/// `GET /api/admin/invariants`: what an operator (and every messaging test, at its end) asks to know that no
/// message and no credit hold is stuck.
@Suite struct InvariantAPITests {
    private typealias Fixture = MessagingFixture

    @Test func aHealthySystemReportsNoViolation() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            _ = try await fixture.send(account)
            _ = try await fixture.accept(account, .sms)
            #expect(try await fixture.invariants() == InvariantReport(violations: []))
            try await fixture.client.execute(uri: "/api/admin/invariants", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func eachBrokenInvariantIsReportedWithItsCountAndSampleIDs() async throws {
        try await Fixture.with(checkInvariants: false) { fixture in
            let account = try await fixture.account(credits: 10)
            // Unsent past the expiry (24 h + one sweep interval).
            let old = try await fixture.accept(account, .sms)
            try await fixture.backdate([old.id], seconds: 86_400 + 120)
            // Queued with no job behind it.
            let orphan = try await fixture.accept(account, .sms)
            try await fixture.messages.markQueued(id: orphan.id)
            // A queued message whose job is there is fine.
            _ = try await fixture.send(account)
            // A balance holding a credit no unsent message holds.
            _ = try await fixture.test.postgres.execute(
                "update credit_balances set held = held + 1, available = available - 1 where account_id = $1",
                [account.uuid])

            let report = try await fixture.invariants()
            #expect(!report.ok)
            let byName = Dictionary(uniqueKeysWithValues: report.violations.map { ($0.invariant, $0) })
            #expect(Set(byName.keys) == Set(InvariantName.allCases.map(\.rawValue)))
            #expect(byName["unsent_past_expiry"]?.count == 1)
            #expect(byName["unsent_past_expiry"]?.sampleIds == [old.id.uuidString.lowercased()])
            #expect(byName["queued_without_job"]?.count == 1)
            #expect(byName["queued_without_job"]?.sampleIds == [orphan.id.uuidString.lowercased()])
            #expect(
                byName["held_credits_match_unsent_holds"]?.sampleIds == ["\(account.uuid.uuidString.lowercased())/sms"])

            // Put right, the report is clean again.
            _ = try await fixture.test.postgres.execute(
                "update credit_balances set held = held - 1, available = available + 1 where account_id = $1",
                [account.uuid])
            try await fixture.messages.markFailed(id: old.id, errorCode: "test", errorMessage: nil)
            try await fixture.messages.markFailed(id: orphan.id, errorCode: "test", errorMessage: nil)
            #expect(try await fixture.invariants().ok)
        }
    }

    @Test func aQueuedWhatsAppMessageCountsItsJobOnAnyWorkerQueue() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 0)
            try await fixture.grant(account, .whatsapp, 2)
            let session = try await fixture.whatsAppSession(account, status: "connected")
            let message = try await fixture.accept(account, .whatsapp, session: session)
            try await fixture.messages.markQueued(id: message.id)
            let violation = try await fixture.invariants().violations.first
            #expect(violation?.invariant == "queued_without_job")
            _ = try await fixture.test.stores
                .queue(named: QueueName.whatsAppWorker(MessagingFixture.testWorker).rawValue)
                .enqueue([WhatsAppSendJob.request(for: message)])
            #expect(try await fixture.invariants().ok)
        }
    }
}
