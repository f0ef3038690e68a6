import Foundation
import JobRuntime
import Synchronization
import TestSupport
import Testing

@Suite struct ProcessingTests {
    @Test func everyJobRunsOnceAndIsCounted() async throws {
        let fixture = try JobTestFixture()
        let seen = Recorder<String>()
        let worker = fixture.start { job in seen.append(String(decoding: job.payload, as: UTF8.self)) }
        _ = try await fixture.queue.enqueue((0..<300).map { JobRequest(name: "noop", text: "\($0)") })
        #expect(try await fixture.waitForStats { $0.completed == 300 })
        try await worker.stop()
        #expect(seen.count == 300)
        #expect(Set(seen.all).count == 300)
        let stats = try await fixture.queue.stats()
        #expect(stats.waiting == 0 && stats.active == 0 && stats.failed == 0)
    }

    @Test func jobStateFollowsTheJob() async throws {
        let fixture = try JobTestFixture()
        let queued = try await fixture.queue.enqueue(JobRequest(name: "slow", text: "{}", id: "job-state"))
        let auto = try await fixture.queue.enqueue(JobRequest(name: "slow", text: "{}"))
        #expect(try await fixture.queue.status(of: queued.id).state == .waiting)
        #expect(try await fixture.queue.status(of: auto.id).state == .waiting)
        #expect(try await fixture.queue.status(of: "never-enqueued").state == .unknown)

        let release = Mutex(false)
        let worker = fixture.start { _ in
            while !release.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(try await eventually { try await fixture.queue.status(of: queued.id).state == .active })
        #expect(try await eventually { try await fixture.queue.status(of: auto.id).state == .active })
        #expect(try await fixture.queue.stats().active == 2)
        release.withLock { $0 = true }
        #expect(try await eventually { try await fixture.queue.status(of: queued.id).state == .completed })
        #expect(try await eventually { try await fixture.queue.status(of: auto.id).state == .completed })
        try await worker.stop()
    }

    @Test func delayedJobsWaitUntilDue() async throws {
        let fixture = try JobTestFixture()
        let runAt = Int64(Date().timeIntervalSince1970 * 1000) + 700
        let result = try await fixture.queue.enqueue(JobRequest(name: "later", payload: [], runAt: runAt))
        guard case .scheduled(let id) = result else {
            Issue.record("expected a scheduled job, got \(result)")
            return
        }
        #expect(try await fixture.queue.status(of: id).state == .delayed)
        #expect(try await fixture.queue.stats().delayed == 1)
        let ranAt = Recorder<Int64>()
        let worker = fixture.start { _ in ranAt.append(Int64(Date().timeIntervalSince1970 * 1000)) }
        #expect(try await fixture.waitForStats { $0.completed == 1 })
        try await worker.stop()
        #expect(ranAt.all.first.map { $0 >= runAt } == true)
        #expect(try await fixture.queue.status(of: id).state == .completed)
    }

    @Test func concurrencyIsBounded() async throws {
        let fixture = try JobTestFixture()
        let running = Mutex((now: 0, peak: 0))
        let worker = fixture.start(JobTestFixture.options(concurrency: 3, prefetch: 10)) { _ in
            running.withLock {
                $0.now += 1; $0.peak = max($0.peak, $0.now)
            }
            try await Task.sleep(for: .milliseconds(20))
            running.withLock { $0.now -= 1 }
        }
        _ = try await fixture.queue.enqueue((0..<40).map { _ in JobRequest(name: "n", payload: []) })
        #expect(try await fixture.waitForStats { $0.completed == 40 })
        try await worker.stop()
        #expect(running.withLock { $0.peak } == 3)
    }
}
