import Foundation
import JobRuntime
import Synchronization
import TestSupport
import Testing

/// Mirrors dead letters in memory, standing in for the Postgres table.
final class MemoryDeadLetters: DeadLetterRecorder {
    let letters = Recorder<DeadLetter>()
    func record(_ letter: DeadLetter) async throws { letters.append(letter) }
}

@Suite struct FailureTests {
    @Test func transientFailuresRetryWithBackoffUntilSuccess() async throws {
        let fixture = try JobTestFixture()
        let attempts = Recorder<Int>()
        let worker = fixture.start { job in
            attempts.append(job.attempt)
            if job.attempt < 3 { throw JobFailure.transient("provider timeout") }
        }
        let job = try await fixture.queue.enqueue(JobRequest(name: "flaky", text: "{}", id: "flaky-1"))
        #expect(try await fixture.waitForStats { $0.completed == 1 })
        try await worker.stop()
        #expect(attempts.all == [1, 2, 3])
        let stats = try await fixture.queue.stats()
        #expect(stats.retried == 2)
        #expect(stats.failed == 0)
        #expect(try await fixture.queue.status(of: job.id).state == .completed)
    }

    @Test func lastAttemptFailureDeadLettersAndReplayRunsAgain() async throws {
        let fixture = try JobTestFixture(maxAttempts: 2)
        let recorder = MemoryDeadLetters()
        let healthy = Mutex(false)
        let worker = fixture.start(recorder: recorder) { job in
            if !healthy.withLock({ $0 }) { throw JobFailure.transient("still down") }
        }
        let job = try await fixture.queue.enqueue(
            JobRequest(name: "send", payload: Array("body".utf8), correlationID: "corr-1", accountID: "acct-1"))
        #expect(try await fixture.waitForStats { $0.dead == 1 })
        let status = try await fixture.queue.status(of: job.id)
        #expect(status.state == .failed)
        #expect(status.lastError == "still down")
        let letters = try await fixture.queue.deadLetters()
        #expect(letters.count == 1)
        let letter = try #require(letters.first)
        #expect(letter.jobID == job.id)
        #expect(letter.attempts == 2)
        #expect(letter.error == "still down")
        #expect(
            letter.payload == Array("body".utf8) && letter.correlationID == "corr-1" && letter.accountID == "acct-1")
        #expect(await eventually { recorder.letters.count == 1 })
        #expect(recorder.letters.all.first?.deadLetterID == letter.deadLetterID)

        healthy.withLock { $0 = true }
        #expect(try await fixture.queue.replay(deadLetterID: letter.deadLetterID) == job.id)
        #expect(try await fixture.waitForStats { $0.completed == 1 && $0.dead == 0 })
        try await worker.stop()
        #expect(try await fixture.queue.status(of: job.id).state == .completed)
        await #expect(throws: JobRuntimeError.self) {
            try await fixture.queue.replay(deadLetterID: letter.deadLetterID)
        }
    }

    @Test func permanentFailureSkipsRetries() async throws {
        let fixture = try JobTestFixture()
        let attempts = Recorder<Int>()
        let worker = fixture.start { job in
            attempts.append(job.attempt)
            throw JobFailure.permanent("invalid phone number")
        }
        try await fixture.queue.enqueue(JobRequest(name: "send", payload: []))
        #expect(try await fixture.waitForStats { $0.failed == 1 })
        try await worker.stop()
        #expect(attempts.all == [1])
        #expect(try await fixture.queue.stats().retried == 0)
    }

    @Test func providerRetryAfterReplacesTheBackoff() async throws {
        let fixture = try JobTestFixture()
        let times = Recorder<ContinuousClock.Instant>()
        // The backoff alone would wait 60 s; the provider asks for 300 ms.
        let worker = fixture.start(JobTestFixture.options(retryBase: .seconds(60))) { job in
            times.append(.now)
            if job.attempt == 1 { throw JobFailure.transient("429", retryAfter: .milliseconds(300)) }
        }
        try await fixture.queue.enqueue(JobRequest(name: "send", payload: []))
        #expect(try await fixture.waitForStats(timeout: .seconds(20)) { $0.completed == 1 })
        try await worker.stop()
        let gap = times.all[1] - times.all[0]
        #expect(gap >= .milliseconds(300))
        #expect(gap < .seconds(30))
    }

    @Test func rateLimitedJobsWaitWithoutUsingAttempts() async throws {
        let fixture = try JobTestFixture(maxAttempts: 1)
        let attempts = Recorder<Int>()
        let worker = fixture.start { job in
            attempts.append(job.attempt)
            if attempts.count < 3 { throw JobFailure.rateLimited(retryAfter: .milliseconds(50)) }
        }
        try await fixture.queue.enqueue(JobRequest(name: "send", payload: []))
        #expect(try await fixture.waitForStats { $0.completed == 1 })
        try await worker.stop()
        #expect(attempts.all == [1, 1, 1])
    }

    @Test func backoffGrowsExponentiallyWithJitterAndCap() {
        let policy = RetryPolicy(baseDelay: .seconds(2), maxDelay: .seconds(10))
        #expect(policy.delay(afterAttempt: 1, random: 0) == .seconds(1))
        #expect(policy.delay(afterAttempt: 1, random: 0.999_999) <= .seconds(2))
        #expect(policy.delay(afterAttempt: 2, random: 0) == .seconds(2))
        #expect(policy.delay(afterAttempt: 3, random: 0) == .seconds(4))
        #expect(policy.delay(afterAttempt: 9, random: 0) == .seconds(5))
        #expect(policy.delay(afterAttempt: 9, random: 0.999_999) <= .seconds(10))
    }
}
