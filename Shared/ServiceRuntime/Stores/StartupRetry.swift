import Logging

/// Retries reaching the stores at start-up within one shared time budget: pauses grow from 100 ms to 2 s
/// and the last attempt is made when the budget runs out, so the total wait is the budget plus at most one
/// attempt (whose connect timeout is capped by the budget too).
struct StartupRetry {
    let timeout: Duration
    let deadline: ContinuousClock.Instant
    private(set) var attempts = 0

    init(timeout: Duration, clock: ContinuousClock = ContinuousClock()) {
        self.timeout = timeout
        self.deadline = clock.now + timeout
    }

    /// The pause after `failures` consecutive failures, before the budget is considered.
    static func pause(afterFailures failures: Int) -> Duration {
        .milliseconds(min(2_000, 100 << min(max(failures - 1, 0), 5)))
    }

    /// Runs `body` until it succeeds, fails in a way `isTransient` rejects, or the budget is spent.
    mutating func attempt<Result>(
        store: String, logger: Logger, isTransient: (any Error) -> Bool, _ body: () async throws -> Result
    ) async throws -> Result {
        var failures = 0
        while true {
            attempts += 1
            do {
                return try await body()
            } catch {
                guard isTransient(error) else { throw error }
                failures += 1
                let remaining = deadline - ContinuousClock.now
                var metadata: Logger.Metadata = [
                    "store.name": "\(store)", "startup.attempts": .stringConvertible(failures),
                    "startup.timeout_seconds": .stringConvertible(Self.seconds(timeout)),
                ]
                guard remaining > .zero else {
                    logger.critical(
                        "Stores not reachable within the start-up timeout", error: error, metadata: metadata)
                    throw error
                }
                if failures == 1 {
                    logger.warning("Store not reachable yet, retrying", error: error, metadata: metadata)
                } else {
                    metadata["startup.remaining_seconds"] = .stringConvertible(Self.seconds(remaining))
                    logger.debug("Store still not reachable", error: error, metadata: metadata)
                }
                try await Task.sleep(for: min(Self.pause(afterFailures: failures), remaining))
            }
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
