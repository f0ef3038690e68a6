import Foundation
import JobRuntime
import Redis
import Synchronization
import TestSupport
import Testing

@Suite struct RecoveryTests {
    @Test func abandonedDeliveryIsReclaimedAndCompletedOnce() async throws {
        let fixture = try JobTestFixture()
        try await fixture.queue.ensureGroup()
        let job = try await fixture.queue.enqueue(JobRequest(name: "send", payload: [], id: "orphan"))
        // A consumer takes the job and vanishes without acknowledging it.
        let taken = try await fixture.redis.send(
            "XREADGROUP", "GROUP", "workers", "ghost", "COUNT", 1, "STREAMS", fixture.queue.keys.stream, ">")
        #expect(taken.streamReadEntries.count == 1)
        #expect(try await fixture.queue.status(of: job.id).state == .active)

        let runs = Recorder<String>()
        // 2 s, not less: on a loaded machine a shorter timeout can expire between the run and its settlement.
        let worker = fixture.start(JobTestFixture.options(visibility: .seconds(2))) { runs.append($0.id) }
        #expect(try await fixture.waitForStats { $0.completed == 1 && $0.active == 0 })
        try await worker.stop()
        #expect(runs.all == ["orphan"])
    }

    @Test func jobThatKeepsStallingIsDeadLettered() async throws {
        let fixture = try JobTestFixture()
        try await fixture.queue.ensureGroup()
        try await fixture.queue.enqueue(JobRequest(name: "poison", payload: [], id: "poison-1"))
        // It already stalled twice (two consumers took it and died); a third one takes it and dies too.
        var options = JobTestFixture.options(visibility: .milliseconds(100))
        options.maxStalls = 2
        try await fixture.redis.send("HSET", fixture.queue.keys.job("poison-1"), "stalls", 2)
        try await fixture.redis.send(
            "XREADGROUP", "GROUP", "workers", "ghost", "COUNT", 1, "STREAMS", fixture.queue.keys.stream, ">")
        let runs = Recorder<String>()
        let worker = fixture.start(options) { runs.append($0.id) }
        #expect(try await fixture.waitForStats { $0.dead == 1 })
        try await worker.stop()
        #expect(runs.count == 0)
        #expect(try await fixture.queue.status(of: "poison-1").state == .failed)
    }

    @Test func gracefulShutdownFinishesRunningJobsAndHandsBackTheRest() async throws {
        let fixture = try JobTestFixture()
        let started = Recorder<String>()
        let finished = Recorder<String>()
        let first = fixture.start(JobTestFixture.options(concurrency: 2, prefetch: 10)) { job in
            started.append(job.id)
            try await Task.sleep(for: .milliseconds(300))
            finished.append(job.id)
        }
        let ids = try await fixture.queue.enqueue(
            (0..<12).map { JobRequest(name: "slow", payload: [], id: "job-\($0)") }
        ).map(\.id)
        #expect(try await eventually { started.count >= 2 })
        try await first.stop()
        // What started, finished; nothing is left pending under the stopped consumer.
        #expect(Set(started.all) == Set(finished.all))
        var stats = try await fixture.queue.stats()
        #expect(stats.active == 0)
        #expect(stats.completed == finished.count)
        #expect(stats.waiting == 12 - finished.count)

        let second = fixture.start { job in finished.append(job.id) }
        #expect(try await fixture.waitForStats { $0.completed == 12 })
        try await second.stop()
        #expect(finished.all.sorted() == ids.sorted())
        stats = try await fixture.queue.stats()
        #expect(stats.waiting == 0 && stats.active == 0)
    }

    @Test func shutdownDeadlineCancelsStuckHandlersAndReleasesTheirJobs() async throws {
        let fixture = try JobTestFixture()
        let stuck = fixture.start(JobTestFixture.options(concurrency: 1, prefetch: 0, deadline: .milliseconds(200))) {
            _ in
            try await Task.sleep(for: .seconds(600))
        }
        let job = try await fixture.queue.enqueue(JobRequest(name: "stuck", payload: [], id: "stuck-1"))
        #expect(try await eventually { try await fixture.queue.status(of: job.id).state == .active })
        let stopping = ContinuousClock.now
        try await stuck.stop()
        #expect(ContinuousClock.now - stopping < .seconds(5))
        #expect(try await fixture.queue.status(of: job.id).state == .waiting)
        #expect(try await fixture.queue.stats().failed == 0)

        let runs = Recorder<Int>()
        let healthy = fixture.start { runs.append($0.attempt) }
        #expect(try await fixture.waitForStats { $0.completed == 1 })
        try await healthy.stop()
        #expect(runs.all == [1])
    }

    @Test func tokenBucketLimitsPerKey() async throws {
        let fixture = try JobTestFixture()
        let limiter = RateLimiter(redis: fixture.redis)
        let key = "sender-\(UUID().uuidString)"
        // A slow refill (one token per 60 s) so that a busy machine cannot refill the bucket mid-test (one per
        // 2 s was once refilled on a loaded run).
        for _ in 0..<5 {
            #expect(try await limiter.take(key, burst: 5, perSecond: 1.0 / 60) == nil)
        }
        let wait = try #require(try await limiter.take(key, burst: 5, perSecond: 1.0 / 60))
        #expect(wait > .zero && wait <= .seconds(60))
        // Another key has its own bucket.
        #expect(try await limiter.take(key + "-other", burst: 5, perSecond: 1.0 / 60) == nil)

        // Refill: one token per 500 ms; after the announced wait the next take is allowed.
        let fast = key + "-fast"
        #expect(try await limiter.take(fast, burst: 1, perSecond: 2) == nil)
        let refill = try #require(try await limiter.take(fast, burst: 1, perSecond: 2))
        #expect(refill <= .milliseconds(500))
        try await Task.sleep(for: refill + .milliseconds(50))
        #expect(try await limiter.take(fast, burst: 1, perSecond: 2) == nil)
    }

}
