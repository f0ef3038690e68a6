import Foundation
import JobRuntime
import Logging
import Redis
import TestSupport
import Testing

/// A queue's Redis memory is bounded even when nothing consumes it: the stream is trimmed on enqueue, the
/// dead letters are capped, and the state hash of every job that is not completed expires.
@Suite struct RetentionTests {
    private static let retention = QueueRetention(
        maxLength: 1_000, maxDeadLetters: 100, jobStateRetention: .seconds(5))

    private func boundedQueue(_ fixture: JobTestFixture, maxAttempts: Int = 3) -> JobQueue {
        JobQueue(
            name: "\(fixture.queue.name)-bounded", redis: fixture.redis, defaultMaxAttempts: maxAttempts,
            retention: Self.retention)
    }

    @Test func aQueueWithoutConsumerStaysBounded() async throws {
        let fixture = try JobTestFixture()
        let queue = boundedQueue(fixture)
        for batch in 0..<10 {
            _ = try await queue.enqueue((0..<1_000).map { _ in JobRequest(name: "n", payload: [1, 2, 3]) })
            _ = try await queue.enqueue(
                (0..<200).map { JobRequest(name: "x", payload: [], id: "job-\(batch)-\($0)") })
        }
        // 12,000 enqueued; `MAXLEN ~` trims whole stream nodes (100 entries by default), so a node's worth over.
        let length = try await fixture.redis.send("XLEN", queue.keys.stream).int ?? .max
        #expect(length >= 1_000 && length <= 1_200, "stream length \(length)")
        // Each waiting job's state hash expires too (its entry may be trimmed away before anyone reads it).
        let ttl = try await fixture.redis.send("PTTL", queue.keys.job("job-9-199")).int ?? -1
        #expect(ttl > 0 && ttl <= 5_000, "ttl \(ttl)")
        let gone = try await eventually(timeout: .seconds(30)) {
            try await fixture.redis.send("EXISTS", queue.keys.job("job-9-199")).int == 0
        }
        #expect(gone)
    }

    @Test func failedAndRetryingJobStatesExpire() async throws {
        let fixture = try JobTestFixture()
        let queue = boundedQueue(fixture, maxAttempts: 2)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let worker = JobWorker(
            queue: queue, options: JobTestFixture.options(retryBase: .seconds(60)), logger: logger
        ) { job in
            if job.name == "dead" { throw JobFailure.permanent("rejected") }
            throw JobFailure.transient("try later")
        }
        let running = Task { try await worker.run() }
        try await queue.enqueue(JobRequest(name: "dead", payload: [], id: "dead-1"))
        try await queue.enqueue(JobRequest(name: "retry", payload: [], id: "retry-1"))
        let settled = try await eventually(timeout: .seconds(15)) {
            let stats = try await queue.stats()
            return stats.dead == 1 && stats.delayed == 1
        }
        #expect(settled)
        #expect(try await queue.status(of: "dead-1").state == .failed)
        // A failed job's state lives the retention past the failure, no longer (it used to stay forever).
        let deadTTL = try await fixture.redis.send("PTTL", queue.keys.job("dead-1")).int ?? -1
        #expect(deadTTL > 0 && deadTTL <= 5_000, "ttl \(deadTTL)")
        // A retrying job's lives the retention past its due time (its payload waits in the hash until then).
        let retryTTL = try await fixture.redis.send("PTTL", queue.keys.job("retry-1")).int ?? -1
        #expect(retryTTL > 5_000 && retryTTL <= 90_000, "retry ttl \(retryTTL)")
        let expired = try await eventually(timeout: .seconds(30)) {
            try await fixture.redis.send("EXISTS", queue.keys.job("dead-1")).int == 0
        }
        #expect(expired)
        worker.shutdown()
        try await running.value
    }

    @Test func deadLettersAreCappedInRedis() async throws {
        let fixture = try JobTestFixture()
        let queue = boundedQueue(fixture, maxAttempts: 1)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let bounded = JobWorker(
            queue: queue, options: JobTestFixture.options(concurrency: 8), logger: logger
        ) { _ in throw JobFailure.permanent("no") }
        let running = Task { try await bounded.run() }
        _ = try await queue.enqueue((0..<400).map { _ in JobRequest(name: "n", payload: []) })
        let allFailed = try await eventually(timeout: .seconds(60)) {
            (try await fixture.redis.send("HGET", queue.keys.counters, "failed").string).flatMap { Int($0) } == 400
        }
        bounded.shutdown()
        try await running.value
        #expect(allFailed)
        let dead = try await fixture.redis.send("XLEN", queue.keys.dead).int ?? .max
        #expect(dead >= 100 && dead <= 200, "dead letters kept: \(dead)")
    }
}
