import Foundation
import Gateway
import Hummingbird
import JobRuntime
import MessageStore
import Outbox
import ServiceRuntime
import TestSupport
import Testing

/// The account's queue stats and dead-letter views answer from Postgres (`messages`, `dead_letters`), not from
/// the Redis streams: emptied or trimmed streams change none of their numbers, and a letter no longer in the
/// `:dead` stream still replays from its row.
@Suite struct QueueViewsFromPostgresTests {
    private typealias Fixture = MessagingFixture

    // The invariant check is off: this test empties the Redis queue under queued messages on purpose.
    @Test func statsAndDeadLettersSurviveTheRedisQueueBeingEmptied() async throws {
        try await Fixture.with(checkInvariants: false) { fixture in
            let owner = try await fixture.account(name: "Owner")
            let dead = try await fixture.send(owner)

            // A sender that rejects everything dead-letters the first message's job (and fails the message).
            let queue = fixture.test.stores.queue(named: "sms")
            let worker = JobWorker(
                queue: queue,
                options: JobWorkerOptions(
                    consumerName: "test-\(UUID().uuidString.prefix(6))", concurrency: 1,
                    blockTimeout: .milliseconds(100)),
                logger: TestStores.quietLogger,
                deadLetterRecorder: MessageDeadLetterRecorder(
                    recording: fixture.test.stores.deadLetterRecorder, messages: fixture.messages,
                    events: MessageEventPublisher(
                        queue: fixture.test.stores.queue(named: "events"), logger: TestStores.quietLogger),
                    logger: TestStores.quietLogger)
            ) { _ in throw JobFailure.permanent("rejected by the test provider") }
            let running = Task { try await worker.run() }
            let recorded = await eventually(timeout: .seconds(30)) {
                (try? await fixture.smsStats(owner).failed) == 1
            }
            worker.shutdown()
            try await running.value
            try #require(recorded)
            _ = try await fixture.send(owner)
            _ = try await fixture.send(owner)
            var expected = AccountQueueStats(queue: "sms")
            expected.waiting = 2
            expected.failed = 1
            expected.deadLetters = 1
            #expect(try await fixture.smsStats(owner) == expected)

            // As if Redis had trimmed the queue and its dead letters (or lost them).
            let keys = queue.keys
            _ = try await fixture.test.redis.send("DEL", keys.stream, keys.dead, keys.job(dead.jobId)).orThrow()
            #expect(try await fixture.smsStats(owner) == expected)

            let response = try await fixture.get(owner, "/api/queues/sms/dead-letters")
            try #require(response.status == .ok)
            let letters = try Fixture.decode([DeadLetterResource].self, response)
            #expect(letters.map(\.jobId) == [dead.jobId])
            #expect(letters.first?.error == "rejected by the test provider")
            let letter = try #require(letters.first)

            // The admin view reads the same rows.
            try await fixture.client.execute(
                uri: "/api/admin/queues/sms/dead-letters", method: .get,
                headers: [.authorization: "Bearer \(fixture.configuration.adminSecret.revealed)"]
            ) { response in
                #expect(response.status == .ok)
                let listed = try Fixture.decode([DeadLetterResource].self, response)
                #expect(listed.map(\.jobId) == [dead.jobId])
            }

            // Gone from the `:dead` stream, the letter replays from its row: the job is back on the queue.
            try await fixture.client.execute(
                uri: "/api/queues/sms/dead-letters/\(letter.deadLetterId)/replay", method: .post,
                headers: owner.headers
            ) { response in
                #expect(response.status == .accepted)
                let accepted = try Fixture.decode(ReplayAccepted.self, response)
                #expect(accepted == ReplayAccepted(jobId: dead.jobId))
            }
            #expect(try await fixture.jobState("sms", dead.jobId) == .waiting)
            expected.deadLetters = 0
            #expect(try await fixture.smsStats(owner) == expected)
        }
    }
}
