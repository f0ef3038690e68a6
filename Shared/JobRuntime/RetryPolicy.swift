/// Exponential backoff with jitter between attempts.
package struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all (the first run included).
    package var maxAttempts: Int
    /// Delay before the second attempt; doubles for each further one.
    package var baseDelay: Duration
    /// Upper bound of one delay.
    package var maxDelay: Duration

    package init(maxAttempts: Int = 3, baseDelay: Duration = .seconds(2), maxDelay: Duration = .seconds(600)) {
        self.maxAttempts = max(1, maxAttempts)
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
