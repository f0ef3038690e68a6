import Synchronization

/// Runs a service's readiness checks, all at once, each bounded by its own timeout.
package struct Readiness: Sendable {
    package let service: String
    package let checks: [ReadinessCheck]

    package init(service: String, checks: [ReadinessCheck]) {
        self.service = service
        self.checks = checks
    }

    /// Runs every check and reports; never throws and never waits longer than the slowest timeout.
    package func evaluate() async -> ReadinessReport {
        let results = await withTaskGroup(of: (String, ReadinessReport.CheckResult).self) { group in
            for check in checks {
                group.addTask { (check.name, await Self.run(check)) }
            }
            var results: [String: ReadinessReport.CheckResult] = [:]
            for await (name, result) in group {
                results[name] = result
            }
            return results
        }
        return ReadinessReport(service: service, checks: results)
    }

    /// Races the probe against its timeout in unstructured tasks: a structured child would make us wait for a
    /// probe that ignores cancellation (e.g. one parked on a blocking C call).
    private static func run(_ check: ReadinessCheck) async -> ReadinessReport.CheckResult {
        typealias Outcome = (status: ReadinessReport.CheckStatus, error: String?)
        let clock = ContinuousClock()
        let start = clock.now
        let race = FirstOutcome<Outcome>()
        let outcome = await withCheckedContinuation { continuation in
            race.start(continuation)
            race.attach(
                Task {
                    do {
                        try await check.probe()
                        race.resume((.ok, nil))
                    } catch {
                        race.resume((.failing, String(describing: error)))
                    }
                })
            race.attach(
                Task {
                    try? await Task.sleep(for: check.timeout)
                    race.resume((.timeout, "no answer within \(check.timeout)"))
                })
        }
        race.cancelTasks()  // the loser: a stuck probe, or a timer still sleeping
        let elapsed = clock.now - start
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return .init(status: outcome.status, error: outcome.error, durationMs: Int(milliseconds))
    }
}

/// Resumes a continuation with whichever outcome arrives first (later ones are dropped) and keeps the
/// racing tasks so that the loser can be cancelled.
private final class FirstOutcome<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, Never>?
        var tasks: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Value, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    func attach(_ task: Task<Void, Never>) {
        state.withLock { $0.tasks.append(task) }
    }

    func resume(_ value: Value) {
        state.withLock { $0.continuation.take() }?.resume(returning: value)
    }

    func cancelTasks() {
        for task in state.withLock({ $0.tasks }) {
            task.cancel()
        }
    }
}
