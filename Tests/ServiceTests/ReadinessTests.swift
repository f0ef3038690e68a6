import ServiceRuntime
import Synchronization
import Testing

@Suite struct ReadinessTests {
    struct Refused: Error {}

    @Test func noChecksMeansReady() async {
        let report = await Readiness(service: "svc", checks: []).evaluate()
        #expect(report.status == .ready)
        #expect(report.checks.isEmpty)
    }

    /// A probe that never answers (and ignores cancellation) is reported as a timeout, promptly.
    @Test func aStuckProbeTimesOutWithoutHoldingTheReport() async throws {
        let gate = Gate()
        let checks = [
            ReadinessCheck("stuck", timeout: .milliseconds(200)) { await gate.wait() },
            ReadinessCheck("fine") {},
            ReadinessCheck("broken") { throw Refused() },
        ]
        let clock = ContinuousClock()
        let started = clock.now
        let report = await Readiness(service: "svc", checks: checks).evaluate()
        let elapsed = clock.now - started
        gate.open()
        #expect(report.status == .unavailable)
        #expect(report.checks["stuck"]?.status == .timeout)
        #expect(report.checks["fine"]?.status == .ok)
        #expect(report.checks["broken"]?.status == .failing)
        #expect(elapsed >= .milliseconds(200))
        // The gate never opens before the report: any bound shows it was not waited for. A wide one holds on
        // a loaded machine.
        #expect(elapsed < .seconds(10))
    }
}

/// Suspends callers, ignoring cancellation (like a probe parked on a blocking call), until opened.
final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
