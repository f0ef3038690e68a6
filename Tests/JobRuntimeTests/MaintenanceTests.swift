import Foundation
import JobRuntime
import Redis
import Synchronization
import TestSupport
import Testing

@Suite struct MaintenanceTests {
    @Test func longRunningJobIsKeptAliveAndNotReclaimedByAnotherWorker() async throws {
        let fixture = try JobTestFixture()
        let runs = Recorder<String>()
        // The job outlives two visibility timeouts; the 5 s timeout (keep-alive every 1.25 s) leaves the
        // keep-alive room on a loaded machine, where a 1 s and then a 3 s timeout were once missed in full runs.
        let options = JobTestFixture.options(concurrency: 1, prefetch: 0, visibility: .seconds(5))
        let slow = fixture.start(options) { job in
            runs.append(job.id)
            try await Task.sleep(for: .milliseconds(11_000))
        }
        let other = fixture.start(options) { job in runs.append(job.id) }
        try await fixture.queue.enqueue(JobRequest(name: "slow", payload: [], id: "long-1"))
        #expect(try await fixture.waitForStats { $0.completed == 1 })
        try await slow.stop()
        try await other.stop()
        #expect(runs.all == ["long-1"])
    }

    @Test func settledEntriesAreTrimmedFromTheStream() async throws {
        let fixture = try JobTestFixture()
        let worker = fixture.start { _ in }
        _ = try await fixture.queue.enqueue((0..<1000).map { _ in JobRequest(name: "n", payload: []) })
        #expect(try await fixture.waitForStats { $0.completed == 1000 })
        // Trimming runs about once a second and drops whole stream nodes (100 entries by default).
        let trimmed = try await eventually(timeout: .seconds(5)) {
            try await fixture.redis.send("XLEN", fixture.queue.keys.stream).int ?? .max <= 100
        }
        try await worker.stop()
        #expect(trimmed)
        #expect(try await fixture.queue.stats().waiting == 0)
    }

    @Test func entryThatIsNotAJobIsDroppedWithoutBlockingTheQueue() async throws {
        let fixture = try JobTestFixture()
        try await fixture.queue.ensureGroup()
        try await fixture.redis.send("XADD", fixture.queue.keys.stream, "*", "garbage", "1")
        try await fixture.queue.enqueue(JobRequest(name: "real", payload: []))
        let runs = Recorder<String>()
        let worker = fixture.start { runs.append($0.name) }
        #expect(try await fixture.waitForStats { $0.completed == 1 && $0.active == 0 })
        try await worker.stop()
        #expect(runs.all == ["real"])
    }
}

@Suite struct StaleConsumerTests {
    @Test func idleConsumersWithNothingPendingAreRemoved() async throws {
        let fixture = try JobTestFixture()
        try await fixture.queue.ensureGroup()
        try await fixture.queue.enqueue(JobRequest(name: "held", payload: []))
        // "gone" stopped with nothing pending; "holding" died holding a delivery: only "gone" may go.
        try await fixture.redis.send("XGROUP", "CREATECONSUMER", fixture.queue.keys.stream, "workers", "gone")
        try await fixture.redis.send(
            "XREADGROUP", "GROUP", "workers", "holding", "COUNT", 1, "STREAMS", fixture.queue.keys.stream, ">")
        try await Task.sleep(for: .milliseconds(300))
        var options = JobTestFixture.options()
        options.staleConsumerAge = .milliseconds(200)
        let worker = fixture.start(options) { _ in }
        func consumers() async throws -> Set<String> {
            let reply = try await fixture.redis.send("XINFO", "CONSUMERS", fixture.queue.keys.stream, "workers")
            return Set((reply.array ?? []).compactMap { $0.array?[1].string })
        }
        #expect(try await eventually { try await !consumers().contains("gone") })
        try await worker.stop()
        #expect(try await consumers().contains("holding"))
    }
}
