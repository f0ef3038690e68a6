import Synchronization

/// Remembers that Redis was just unreachable, so a pool configured with a fail-fast window answers the next
/// callers at once instead of letting each wait out its own command timeout on a link that is known to be
/// dead or frozen. The window restarts with every failure; the first call after it closes tries again.
final class RedisOutageWindow: Sendable {
    private let length: Duration?
    private let openUntil = Mutex<ContinuousClock.Instant?>(nil)

    init(length: Duration?) {
        self.length = length
    }

    /// Throws without touching Redis while a recent failure's window is open.
    func check() throws(RedisError) {
        guard length != nil else { return }
        let until = openUntil.withLock { $0 }
        if let until, ContinuousClock.now < until {
            throw .connectFailed("Redis was unreachable moments ago; not tried again yet")
        }
    }

    /// Notes `error`'s outcome: a link failure opens the window, anything else leaves it as it is.
    func record(_ error: RedisError) {
        guard let length else { return }
        switch error {
        case .connectFailed, .connectionLost:
            openUntil.withLock { $0 = ContinuousClock.now + length }
        default: break
        }
    }
}
