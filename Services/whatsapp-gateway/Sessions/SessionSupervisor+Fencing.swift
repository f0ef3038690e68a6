import Foundation
import Logging

/// Fencing (``HeartbeatFence``): the sessions here run only while the gateway surely counts this worker alive.
/// Past the fence's deadline every session is closed here without touching its row (the gateway's failover
/// decides where it goes next) and nothing is sent or started; once a heartbeat is accepted again, only the
/// sessions whose rows still name this worker are reopened.
extension SessionSupervisor {
    /// The gateway accepted a heartbeat or registration sent at `sentAt`: moves the fence's deadline on, then
    /// reopens the sessions routed here if the fence was closed (the first registration included), else closes
    /// those the gateway moved away or restarted meanwhile.
    func membershipConfirmed(
        sentAt: ContinuousClock.Instant, interval: Duration, lapse: Duration, now: ContinuousClock.Instant = .now
    ) async {
        if fence.accepted(sentAt: sentAt, interval: interval, lapse: lapse, now: now) == .resumeSessions {
            resumePending = true
        }
        do {
            if resumePending {
                try await resumeRoutedSessions()
                resumePending = false
            } else {
                try await closeLostSessions()
            }
        } catch {
            logger.warning("session ownership check failed", metadata: ["error": "\(error)"])
        }
    }

    /// Closes every session here once the fence's deadline passed. Returns how long until the next check: the
    /// time left to the deadline (a later heartbeat only moves it on), from 10 ms to 250 ms.
    func enforceFence(now: ContinuousClock.Instant = .now) async -> Duration {
        if fence.check(at: now) == .closeSessions { await closeAllSessions() }
        guard fence.isOpen, let deadline = fence.deadline else { return .milliseconds(250) }
        return min(max(deadline - now, .milliseconds(10)), .milliseconds(250))
    }

    /// Closes every open session (and any reconnect it waits for); their rows stay as they are.
    private func closeAllSessions() async {
        let open = Set(running.keys).union(engineOf.keys)
        for id in open {
            await close(id)
            logger.warning("session closed: heartbeats not accepted in time", metadata: ["session.id": "\(id)"])
        }
        updateCount()
        logger.warning(
            "fence closed: sessions stop until the gateway accepts a heartbeat",
            metadata: ["sessions.count": "\(open.count)"])
    }
}
