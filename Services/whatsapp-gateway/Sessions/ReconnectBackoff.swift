/// The waits between reconnect attempts of one session: `base × 2^(failures)` capped at `cap` (1 s, 2 s, 4 s …
/// 60 s by default), each shortened by up to 20 % at random so that the sessions of a worker that lost its
/// network do not all come back in the same instant. A session that connects starts over from `base`.
package struct ReconnectBackoff: Sendable, Equatable {
    /// The first wait.
    package var base: Duration
    /// The longest wait.
    package var cap: Duration
    /// Attempts since the last successful connection.
    package private(set) var failures = 0

    /// The share of a wait that jitter may take off.
    package static let jitter = 0.2

    package init(base: Duration = .seconds(1), cap: Duration = .seconds(60)) {
        self.base = base
        self.cap = cap
    }

    /// The wait before the next attempt, counting that attempt; `random` in `0..<1` picks the jitter.
    package mutating func next(random: Double = Double.random(in: 0..<1)) -> Duration {
        let exponent = min(failures, 30)
        failures += 1
        let full = min(base * (1 << exponent), cap)
        return full * (1 - Self.jitter * min(max(random, 0), 1))
    }

    /// After a successful connection: the next wait is `base` again.
    package mutating func reset() { failures = 0 }
}
