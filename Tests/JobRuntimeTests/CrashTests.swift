import Foundation
import JobRuntime
import Redis
import Synchronization
import TestSupport
import Testing

/// Real processes and real server crashes: a consumer killed with SIGKILL mid-job, and Redis killed and
/// restarted while jobs flow.
@Suite(.serialized) struct CrashTests {
    @Test func jobOfAKilledConsumerIsCompletedExactlyOnceByAnother() async throws {
        let fixture = try JobTestFixture()
        let job = try await fixture.queue.enqueue(JobRequest(name: "send", payload: [], id: "in-flight"))
        let startedKey = "ap:test:started:\(fixture.queue.name)"

        // The probe's handler marks the job started, then works "forever".
        let probe = try ChildProcess(
            executable: TestEnvironment.productsDirectory.appendingPathComponent("test-probe").path,
            arguments: [
                "consume", "--redis-url", TestEnvironment.redisURL, "--queue", fixture.queue.name, "--started-key",
                startedKey,
            ])
        let started = try await eventually(timeout: .seconds(20)) {
            try await fixture.redis.send("GET", startedKey).string == job.id
        }
        #expect(started)
        #expect(try await fixture.queue.status(of: job.id).state == .active)
        probe.signal(SIGKILL)
        #expect(probe.wasKilled(by: SIGKILL))

        let runs = Recorder<String>()
        let survivor = fixture.start(JobTestFixture.options(visibility: .seconds(2))) { runs.append($0.id) }
        #expect(try await fixture.waitForStats { $0.completed == 1 && $0.active == 0 && $0.waiting == 0 })
        // Give a second, wrongful completion the chance to happen before checking it did not.
        try await Task.sleep(for: .seconds(1))
        try await survivor.stop()
        #expect(runs.all == ["in-flight"])
        let stats = try await fixture.queue.stats()
        #expect(stats.completed == 1)
        #expect(try await fixture.queue.status(of: job.id).state == .completed)
    }

    @Test func redisRestartLosesNoAcceptedJob() async throws {
        let server = try RedisServerProcess()
        let fixture = try JobTestFixture(redisURL: server.url)
        let handled = Recorder<String>()
        let worker = fixture.start(JobTestFixture.options(concurrency: 8, prefetch: 16)) { handled.append($0.id) }

        // A producer enqueues in small batches and retries whatever was not accepted; only jobs whose
        // enqueue returned are "accepted".
        let accepted = Recorder<String>()
        let producer = Task {
            for batch in 0..<60 {
                let requests = (0..<25).map { JobRequest(name: "send", payload: [], id: "b\(batch)-\($0)") }
                while true {
                    do {
                        for result in try await fixture.queue.enqueue(requests) { accepted.append(result.id) }
                        break
                    } catch {
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        #expect(await eventually { accepted.count >= 400 })
        server.kill()
        try await Task.sleep(for: .milliseconds(400))
        try server.restart()
        try await producer.value

        let acceptedIDs = Set(accepted.all)
        #expect(acceptedIDs.count == 1500)
        #expect(
            try await fixture.waitForStats(timeout: .seconds(60)) {
                $0.completed == 1500 && $0.waiting == 0 && $0.active == 0
            })
        try await worker.stop()
        #expect(acceptedIDs.isSubset(of: Set(handled.all)))
        for id in ["b0-0", "b30-7", "b59-24"] {
            #expect(try await fixture.queue.status(of: id).state == .completed)
        }
    }
}
