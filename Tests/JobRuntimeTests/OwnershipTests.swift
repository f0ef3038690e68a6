import Foundation
import JobRuntime
import Redis
import Synchronization
import TestSupport
import Testing

/// A consumer only settles, keeps alive or hands back deliveries it still owns, and a handler that runs past
/// its deadline is given up so that the job is taken over instead of held forever.
@Suite struct OwnershipTests {
    /// The consumer that owns `streamID` in the group, and how long the delivery has been idle.
    private func owner(of streamID: String, in fixture: JobTestFixture) async throws -> (String, Int)? {
        let reply = try await fixture.redis.send(
            "XPENDING", fixture.queue.keys.stream, "workers", streamID, streamID, 1)
        guard let entry = reply.array?.first?.array, entry.count >= 3, let consumer = entry[1].string,
            let idle = entry[2].int
        else { return nil }
        return (consumer, idle)
    }

    /// Runs a worker whose handler waits on `gate` for the job `taken-1`; once it runs, another consumer takes
    /// the delivery over (as a reclaim does when this worker looked dead), then `body` runs.
    private func withDeliveryTakenOver(
        failing: Bool, _ body: (JobTestFixture, String, Gate) async throws -> Void
    ) async throws {
        let fixture = try JobTestFixture()
        let gate = Gate()
        let running = Recorder<String>()
        // Visibility 2 s: the keep-alive runs every 500 ms.
        let worker = fixture.start(JobTestFixture.options(concurrency: 1, prefetch: 0, visibility: .seconds(2))) {
            job in
            running.append(job.streamID)
            await gate.wait()
            if failing { throw JobFailure.transient("failed after losing the delivery") }
        }
        try await fixture.queue.enqueue(JobRequest(name: "slow", payload: [], id: "taken-1"))
        #expect(try await eventually { running.count == 1 })
        let streamID = running.all[0]
        try await fixture.redis.send(
            "XCLAIM", fixture.queue.keys.stream, "workers", "intruder", 0, streamID, "JUSTID")
        try await body(fixture, streamID, gate)
        gate.open()
        try await worker.stop()
    }

    @Test("keep-alive never takes back a delivery another consumer took over")
    func keepAliveLeavesOthersDeliveries() async throws {
        try await withDeliveryTakenOver(failing: false) { fixture, streamID, _ in
            // Three keep-alive rounds pass; the intruder's delivery ages instead of being claimed back.
            let aged = try await eventually(timeout: .seconds(10)) {
                guard let (consumer, idle) = try await owner(of: streamID, in: fixture) else { return false }
                return consumer == "intruder" && idle >= 1_500
            }
            #expect(aged)
            #expect(try await owner(of: streamID, in: fixture)?.0 == "intruder")
        }
    }

    @Test("a handler that finishes after its delivery was taken over does not acknowledge it")
    func completionLeavesOthersDeliveries() async throws {
        let fixture = try JobTestFixture()
        let gate = Gate()
        let finished = Recorder<String>()
        let worker = fixture.start(JobTestFixture.options(concurrency: 1, prefetch: 0)) { job in
            await gate.wait()
            finished.append(job.streamID)
        }
        try await fixture.queue.enqueue(JobRequest(name: "slow", payload: [], id: "taken-2"))
        #expect(try await eventually { try await fixture.queue.status(of: "taken-2").state == .active })
        let pending = try await fixture.redis.send(
            "XPENDING", fixture.queue.keys.stream, "workers", "-", "+", 1)
        let streamID = try #require(pending.array?.first?.array?.first?.string)
        try await fixture.redis.send(
            "XCLAIM", fixture.queue.keys.stream, "workers", "intruder", 0, streamID, "JUSTID")
        gate.open()
        #expect(try await eventually { finished.count == 1 })
        try await worker.stop()
        // The intruder still owns it and settles it itself; nothing was counted as completed here.
        #expect(try await owner(of: streamID, in: fixture)?.0 == "intruder")
        #expect(try await fixture.queue.stats().completed == 0)
    }

    @Test("a failure after the delivery was taken over schedules no retry beside the new owner's run")
    func failureLeavesOthersDeliveries() async throws {
        try await withDeliveryTakenOver(failing: true) { fixture, streamID, gate in
            gate.open()
            // The handler fails at once; by the time the intruder's delivery has aged a second, a retry would long
            // have been scheduled had the failure been settled here.
            let aged = try await eventually {
                guard let (consumer, idle) = try await owner(of: streamID, in: fixture) else { return true }
                return consumer != "intruder" || idle >= 1_000
            }
            #expect(aged)
            let stats = try await fixture.queue.stats()
            #expect(stats.delayed == 0)
            #expect(stats.retried == 0)
            #expect(try await owner(of: streamID, in: fixture)?.0 == "intruder")
        }
    }

    @Test("a handler past its deadline is given up, even when it ignores cancellation, and the job retries")
    func stuckHandlerIsGivenUp() async throws {
        let fixture = try JobTestFixture()
        let stuck = Gate()
        let attempts = Recorder<Int>()
        var options = JobTestFixture.options(concurrency: 1, prefetch: 0)
        options.jobTimeout = .milliseconds(500)
        let worker = fixture.start(options) { job in
            attempts.append(job.attempt)
            // The first attempt hangs in a wait that cancellation does not end (as a stuck C call would).
            if job.attempt == 1 { await stuck.wait() }
        }
        try await fixture.queue.enqueue(JobRequest(name: "hangs", payload: [], id: "stuck-2"))
        #expect(try await fixture.waitForStats { $0.completed == 1 })
        #expect(attempts.all == [1, 2])
        #expect(try await fixture.queue.stats().retried == 1)
        stuck.open()
        try await worker.stop()
    }
}

/// A latch: `wait()` returns once `open()` was called; it ignores task cancellation on purpose.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if isOpen { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
