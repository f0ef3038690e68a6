import Domain
import Foundation
import Gateway
import JobRuntime
import MessageStore
import Outbox
import TestSupport
import Testing

/// No message and no credit hold stays stuck: a message that will never be sent ends `failed` with its hold
/// released and its `message.status` event published, whether its session is deleted, it waits past the
/// expiry, or its send job is dead-lettered. Real Postgres and Redis; every test ends with the invariant
/// check (``MessagingFixture/with(_:checkInvariants:_:)``).
@Suite struct UnsentMessageTests {
    private typealias Fixture = MessagingFixture

    // MARK: Session deletion

    @Test func deletingASessionFailsItsUnsentMessagesAndReleasesTheirHolds() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 0)
            try await fixture.grant(account, .whatsapp, 5)
            let session = try await fixture.whatsAppSession(account)
            let other = try await fixture.whatsAppSession(account)
            let pending = try await fixture.accept(account, .whatsapp, session: session)
            let queued = try await fixture.accept(account, .whatsapp, session: session)
            try await fixture.messages.markQueued(id: queued.id)
            let sent = try await fixture.accept(account, .whatsapp, session: session)
            try await fixture.messages.markSent(id: sent.id, provider: "sandbox", providerMessageID: "wamid-1")
            let elsewhere = try await fixture.accept(account, .whatsapp, session: other)

            let response = try await fixture.client.execute(
                uri: "/api/sessions/\(session.uuidString.lowercased())", method: .delete, headers: account.headers)
            #expect(response.status == .noContent)

            for id in [pending.id, queued.id] {
                let message = try #require(try await fixture.messages.load(id: id))
                #expect(message.status == .failed)
                #expect(message.providerErrorCode == "session_deleted")
                #expect(try await fixture.messages.history(messageID: id).last?.providerCode == "session_deleted")
                #expect(try await fixture.published(id, .failed))
            }
            #expect(try await fixture.messages.load(id: sent.id)?.status == .sent)
            #expect(try await fixture.messages.load(id: elsewhere.id)?.status == .pending)
            let credits = try await fixture.balance(account, .whatsapp)
            // The sent message's credit stays committed, the other session's stays held.
            #expect(credits.held == 1 && credits.committed == 1 && credits.available == 3)
            #expect(
                try await fixture.test.postgres.query("select id from wa_sessions where id = $1", [session]).isEmpty)
        }
    }

    // MARK: Expiry

    @Test func unsentMessagesOfEveryChannelExpireAfterTheConfiguredTime() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 10)
            try await fixture.grant(account, .whatsapp, 5)
            let session = try await fixture.whatsAppSession(account, status: "reconnecting")
            let queuedSMS = try await fixture.send(account)  // queued, its job waiting
            let pendingSMS = try await fixture.accept(account, .sms)
            let waiting = try await fixture.accept(account, .whatsapp, session: session)
            let young = try await fixture.send(account)
            let later = Date().addingTimeInterval(3 * 86_400).ISO8601Format()
            let scheduled = try await fixture.send(account, extra: ["scheduledAt": later])
            let sent = try await fixture.send(account)
            try await fixture.markSent(sent, provider: "sandbox", providerMessageID: "sb-1")
            let old = [queuedSMS.id, pendingSMS.id, waiting.id]
            try await fixture.backdate(old + [scheduled.id, sent.id], seconds: 2 * 86_400)

            // The gateway's default expiry (24 h); a batch of 2 makes the pass take two batches.
            let sweeper = MessageExpirySweeper(
                messages: fixture.messages,
                events: MessageEventPublisher(
                    queue: fixture.test.stores.queue(named: "events"), logger: TestStores.quietLogger),
                expiry: fixture.configuration.messageExpiry, interval: .seconds(60), batchSize: 2,
                logger: TestStores.quietLogger)
            #expect(fixture.configuration.messageExpiry == .seconds(86_400))
            #expect(Set(await sweeper.sweep().map(\.id)) == Set(old))

            for id in old {
                let message = try #require(try await fixture.messages.load(id: id))
                #expect(message.status == .failed && message.providerErrorCode == "expired")
                #expect(try await fixture.published(id, .failed))
            }
            #expect(try await fixture.messages.load(id: young.id)?.status == .queued)
            // Scheduled three days ahead, accepted two days ago: still a day to go.
            #expect(try await fixture.messages.load(id: scheduled.id)?.status == .queued)
            #expect(try await fixture.messages.load(id: sent.id)?.status == .sent)
            let sms = try await fixture.balance(account, .sms)
            #expect(sms.held == 2 && sms.committed == 1 && sms.available == 7)
            let whatsapp = try await fixture.balance(account, .whatsapp)
            #expect(whatsapp.held == 0 && whatsapp.available == 5)
            #expect(await sweeper.sweep().isEmpty)
        }
    }

    @Test func theSweeperRunsAsAServiceUntilShutdown() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            let message = try await fixture.accept(account, .sms)
            var configuration = fixture.configuration
            configuration.messageExpiry = .seconds(1)
            configuration.expirySweepInterval = .milliseconds(100)
            let sweeper = buildExpirySweeper(
                configuration: configuration, stores: fixture.test.stores, logger: TestStores.quietLogger)
            let running = Task { try await sweeper.run() }
            let expired = await eventually(timeout: .seconds(20)) {
                (try? await fixture.messages.load(id: message.id)?.status) == .failed
            }
            running.cancel()
            _ = try? await running.value
            #expect(expired)
            #expect(try await fixture.messages.load(id: message.id)?.providerErrorCode == "expired")
            #expect(try await fixture.balance(account, .sms).held == 0)
        }
    }

    // MARK: Dead letters

    @Test func aDeadLetteredSendJobFailsItsMessageAndReleasesItsHold() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            let message = try await fixture.send(account)
            let queue = fixture.test.stores.queue(named: "sms")
            let worker = JobWorker(
                queue: queue,
                options: JobWorkerOptions(
                    consumerName: "test-\(UUID().uuidString.prefix(6))", concurrency: 1,
                    blockTimeout: .milliseconds(100)),
                logger: TestStores.quietLogger, deadLetterRecorder: Self.recorder(fixture)
            ) { _ in throw JobFailure.permanent("rejected by the test provider") }
            let running = Task { try await worker.run() }
            let failed = await eventually(timeout: .seconds(30)) {
                (try? await fixture.messages.load(id: message.id)?.status) == .failed
            }
            worker.shutdown()
            try await running.value
            try #require(failed)
            #expect(try await fixture.messages.load(id: message.id)?.providerErrorCode == "dead_lettered")
            #expect(try await fixture.published(message.id, .failed))
            let credits = try await fixture.smsCredits(account)
            #expect(credits.held == 0 && credits.available == 5)
            // Still mirrored into `dead_letters`.
            let letters = try await fixture.test.postgres.query(
                "select job_name from dead_letters where job_id = $1", [message.jobId])
            #expect(try letters.map { try $0.decode(String.self, "job_name") } == ["sms.send"])
        }
    }

    @Test func aSendJobDeadLetteredForStallingFailsItsMessage() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            let message = try await fixture.send(account)
            let queue = fixture.test.stores.queue(named: "sms")
            // The job stalled once before, and now a consumer takes it and dies without settling it.
            let keys = "\(fixture.test.stores.redisPrefix){q:sms}"
            _ = try await fixture.test.redis.send("HINCRBY", "\(keys):job:\(message.jobId)", "stalls", 1)
            _ = try await fixture.test.redis.send("XGROUP", "CREATE", keys, "workers", "0", "MKSTREAM")
            _ = try await fixture.test.redis.send(
                "XREADGROUP", "GROUP", "workers", "dead-consumer", "COUNT", 10, "STREAMS", keys, ">")
            let worker = JobWorker(
                queue: queue,
                options: JobWorkerOptions(
                    consumerName: "test-\(UUID().uuidString.prefix(6))", concurrency: 1,
                    blockTimeout: .milliseconds(100), visibilityTimeout: .milliseconds(200),
                    reclaimInterval: .milliseconds(100), maxStalls: 1),
                logger: TestStores.quietLogger, deadLetterRecorder: Self.recorder(fixture)
            ) { _ in Issue.record("a job past its stalls must not run") }
            let running = Task { try await worker.run() }
            let failed = await eventually(timeout: .seconds(30)) {
                (try? await fixture.messages.load(id: message.id)?.status) == .failed
            }
            worker.shutdown()
            try await running.value
            try #require(failed)
            #expect(try await fixture.messages.load(id: message.id)?.providerErrorCode == "dead_lettered")
            #expect(try await fixture.smsCredits(account).held == 0)
        }
    }

    @Test func aDeadJobOfASentMessageOrOfAnotherKindChangesNoMessage() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            let sent = try await fixture.send(account)
            try await fixture.markSent(sent, provider: "sandbox", providerMessageID: "sb-2")
            let other = try await fixture.send(account)
            let recorder = Self.recorder(fixture)
            try await recorder.record(Self.letter(jobID: sent.jobId, name: "sms.send"))
            try await recorder.record(Self.letter(jobID: other.jobId, name: "session.start"))
            #expect(try await fixture.messages.load(id: sent.id)?.status == .sent)
            #expect(try await fixture.messages.load(id: other.id)?.status == .queued)
            let mirrored = try await fixture.test.postgres.query("select count(*)::int8 as n from dead_letters")
            #expect(try mirrored[0].decode(Int64.self, "n") == 2)
        }
    }

    /// The recorder the senders build: the `dead_letters` mirror plus failing the message.
    private static func recorder(_ fixture: MessagingFixture) -> MessageDeadLetterRecorder {
        MessageDeadLetterRecorder(
            recording: fixture.test.stores.deadLetterRecorder, messages: fixture.messages,
            events: MessageEventPublisher(
                queue: fixture.test.stores.queue(named: "events"), logger: TestStores.quietLogger),
            logger: TestStores.quietLogger)
    }

    private static func letter(jobID: String, name: String) -> DeadLetter {
        DeadLetter(
            deadLetterID: "1714550000123-0", queue: "sms", jobID: jobID, name: name, attempts: 1, error: "test",
            failedAt: 1_714_550_000_123, correlationID: nil, accountID: nil, payload: [])
    }
}
