/// The pool's bookkeeping as a plain state machine: which connections are idle, who waits in line. It
/// decides; ``RedisPool`` resumes the waiters.
struct RedisPoolState<Waiter> {
    enum AcquireDecision {
        case connection(Int)
        /// The waiter was queued; a release, a timeout, a cancel or close resumes it.
        case queued
        case closed
        case cancelled
    }

    private(set) var idle: [Int]
    private(set) var isClosed = false
    private var waiters: [(id: UInt64, waiter: Waiter)] = []

    init(size: Int) {
        idle = Array(0..<max(1, size))
    }

    var waiting: Int { waiters.count }

    mutating func acquire(id: UInt64, waiter: Waiter?, isCancelled: Bool) -> AcquireDecision {
        if isClosed { return .closed }
        if let index = idle.popLast() { return .connection(index) }
        guard let waiter else { return .queued }
        if isCancelled { return .cancelled }
        waiters.append((id, waiter))
        return .queued
    }

    /// Takes connection `index` back: the oldest waiter gets it, or it goes idle.
    mutating func release(_ index: Int) -> (waiter: Waiter, index: Int)? {
        if !waiters.isEmpty { return (waiters.removeFirst().waiter, index) }
        idle.append(index)
        return nil
    }

    /// Removes a waiter that gave up (cancelled, timed out); nil when it was already resumed.
    mutating func remove(id: UInt64) -> Waiter? {
        guard let position = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: position).waiter
    }

    /// Closes the pool: returns the waiters to fail.
    mutating func close() -> [Waiter] {
        isClosed = true
        defer { waiters.removeAll() }
        return waiters.map(\.waiter)
    }
}
