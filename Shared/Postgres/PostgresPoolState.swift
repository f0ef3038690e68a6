/// The pool's bookkeeping as a plain state machine: it decides, the pool acts (opens, closes, resumes).
///
/// `open` counts connections that exist or are being opened, so the pool never exceeds `capacity`. A slot
/// freed by a broken connection or a failed open passes straight to the oldest waiter, who opens anew.
struct PostgresPoolState<Connection, Waiter> {
    typealias Lease = PostgresPoolLease<Connection>

    enum AcquireDecision {
        case lease(Lease)
        /// The waiter was queued; it is resumed by a release, a failed open, a cancel or close.
        case queued
        case closed
        case cancelled
    }

    struct ReleaseOutcome {
        /// A connection the pool must close (broken, or the pool is closed).
        var close: Connection?
        /// A waiter to resume with a lease.
        var wake: (waiter: Waiter, lease: Lease)?
    }

    let capacity: Int
    private(set) var idle: [Connection] = []
    private(set) var open = 0
    private(set) var isClosed = false
    private var waiters: [(id: UInt64, waiter: Waiter)] = []

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var waiting: Int { waiters.count }

    mutating func acquire(id: UInt64, waiter: Waiter, isCancelled: Bool) -> AcquireDecision {
        if isClosed { return .closed }
        // Most recently used first: the rest stay idle and could be closed by the server's idle timeout.
        if let connection = idle.popLast() { return .lease(.connection(connection)) }
        if open < capacity {
            open += 1
            return .lease(.openNew)
        }
        if isCancelled { return .cancelled }
        waiters.append((id, waiter))
        return .queued
    }

    mutating func release(_ connection: Connection, reusable: Bool) -> ReleaseOutcome {
        guard reusable, !isClosed else {
            if let waiter = popWaiter() {
                return ReleaseOutcome(close: connection, wake: (waiter, .openNew))
            }
            open -= 1
            return ReleaseOutcome(close: connection, wake: nil)
        }
        if let waiter = popWaiter() {
            return ReleaseOutcome(close: nil, wake: (waiter, .connection(connection)))
        }
        idle.append(connection)
        return ReleaseOutcome(close: nil, wake: nil)
    }

    /// Opening a connection failed: its slot goes to the oldest waiter, or back to the pool.
    mutating func openFailed() -> (waiter: Waiter, lease: Lease)? {
        if let waiter = popWaiter() { return (waiter, .openNew) }
        open -= 1
        return nil
    }

    /// Removes a waiter whose task was cancelled; nil when it was already resumed.
    mutating func cancel(id: UInt64) -> Waiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index).waiter
    }

    /// Closes the pool: returns the waiters to fail and the idle connections to close. Borrowed
    /// connections are closed when they come back.
    mutating func close() -> (waiters: [Waiter], idle: [Connection]) {
        isClosed = true
        let closing = (waiters.map(\.waiter), idle)
        open -= idle.count
        idle.removeAll()
        waiters.removeAll()
        return closing
    }

    private mutating func popWaiter() -> Waiter? {
        waiters.isEmpty ? nil : waiters.removeFirst().waiter
    }
}
