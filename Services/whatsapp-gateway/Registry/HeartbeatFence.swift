/// Whether this worker may run its sessions, from when the gateway last accepted its heartbeat (fencing).
///
/// The gateway counts a worker alive for `lapse` (its live key's TTL, three heartbeat intervals) after it
/// took a heartbeat; once that lapsed, its failover may move the worker's sessions elsewhere. A worker cut off
/// from the gateway (while it still reaches Redis, Postgres and WhatsApp) cannot know when that happens, so it
/// stops its sessions by itself first. The rule: sessions may run until `sent + lapse − margin`, where `sent`
/// is when this process *sent* the last heartbeat the gateway accepted (the gateway renewed the key later,
/// so its lapse comes later still) and `margin` is one heartbeat interval, at most half the lapse: the time
/// left to close the sessions, with room for a loaded machine. With the default three intervals that is two
/// intervals after the last accepted heartbeat left.
///
/// A plain state machine: the supervisor runs the actions it returns.
package struct HeartbeatFence: Sendable, Equatable {
    package enum Action: Sendable, Equatable {
        case none
        /// The deadline passed: close every session here and send nothing.
        case closeSessions
        /// Accepted for the first time, or again after the deadline passed: open the sessions still routed here
        /// (their rows say whether this worker still owns them).
        case resumeSessions
    }

    /// Until when sessions may run; nil before the first accepted heartbeat.
    package private(set) var deadline: ContinuousClock.Instant?
    /// Whether sessions run: from an accepted heartbeat until the deadline passes.
    package private(set) var isOpen = false

    package init() {}

    /// `sent + lapse − min(interval, lapse / 2)`.
    package static func deadline(sentAt sent: ContinuousClock.Instant, interval: Duration, lapse: Duration)
        -> ContinuousClock.Instant
    {
        sent + lapse - min(interval, lapse / 2)
    }

    /// Whether sessions may run (and send) at `now`.
    package func allowsSessions(at now: ContinuousClock.Instant) -> Bool {
        guard isOpen, let deadline else { return false }
        return now < deadline
    }

    /// A heartbeat or registration sent at `sentAt` was accepted; `now` is when its answer arrived.
    package mutating func accepted(
        sentAt: ContinuousClock.Instant, interval: Duration, lapse: Duration, now: ContinuousClock.Instant
    ) -> Action {
        let next = Self.deadline(sentAt: sentAt, interval: interval, lapse: lapse)
        // An earlier heartbeat answered late never shortens what a later one granted.
        deadline = max(deadline ?? next, next)
        guard !isOpen, let deadline, now < deadline else { return .none }
        isOpen = true
        return .resumeSessions
    }

    /// Closes the fence once its deadline passed.
    package mutating func check(at now: ContinuousClock.Instant) -> Action {
        guard isOpen, let deadline, now >= deadline else { return .none }
        isOpen = false
        return .closeSessions
    }
}
