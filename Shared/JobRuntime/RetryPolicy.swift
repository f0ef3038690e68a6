/// Exponential backoff with jitter between attempts. How many attempts a job gets is the job's own
/// `maxAttempts`, defaulting to its queue's (``JobQueue/defaultMaxAttempts``).
package struct RetryPolicy: Sendable, Equatable {
    /// Delay before the second attempt; doubles for each further one.
    package var baseDelay: Duration
    /// Upper bound of one delay.
    package var maxDelay: Duration

    package init(baseDelay: Duration = .seconds(2), maxDelay: Duration = .seconds(600)) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait after failed attempt number `attempt` (1-based): `base × 2^(attempt-1)`, capped, with "equal
    /// jitter" (half fixed, half random) so that a burst of failures does not retry in lockstep.
    package func delay(afterAttempt attempt: Int, random: Double = Double.random(in: 0..<1)) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let full = min(baseDelay * (1 << exponent), maxDelay)
        return full / 2 + full / 2 * random
    }
}
