import Synchronization

/// A fixed set of ``RedisConnection``s shared by the tasks of a process.
///
/// Each connection connects lazily and reconnects after errors by itself, so the pool only hands them out.
/// A caller waits at most ``RedisConfiguration/acquireTimeout`` for a free one (then
/// ``RedisError/poolTimeout(_:)``) and stops waiting when its task is cancelled. With a
/// ``RedisConfiguration/failFastWindow`` the pool refuses commands at once for that long after a link failure.
/// Long blocking reads (consumers) should use a dedicated ``RedisConnection`` instead of a pooled one.
package final class RedisPool: RedisClient {
    typealias Waiter = CheckedContinuation<Int, any Error>

    package let configuration: RedisConfiguration
    private let connections: [RedisConnection]
    private let state: Mutex<RedisPoolState<Waiter>>
    private let nextWaiterID = Atomic<UInt64>(0)
    private let outage: RedisOutageWindow

    package init(configuration: RedisConfiguration, name: String = "redis-pool") {
        self.configuration = configuration
        let size = max(1, configuration.poolSize)
        self.connections = (0..<size).map { RedisConnection(configuration: configuration, name: "\(name)-\($0)") }
        self.state = Mutex(RedisPoolState(size: size))
        self.outage = RedisOutageWindow(length: configuration.failFastWindow)
    }

    /// Borrows a connection for the duration of `body`.
    package func withConnection<T: Sendable>(
        _ body: (RedisConnection) async throws -> T
    ) async throws -> T {
        try outage.check()
        let index = try await acquire()
        defer { release(index) }
        do {
            return try await body(connections[index])
        } catch let error as RedisError {
            outage.record(error)
            throw error
        }
    }

    /// Sends commands in one round trip on one connection; per-command errors come back as `.error` values.
    @discardableResult
    package func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue] {
        try outage.check()
        let index = try await acquire()
        defer { release(index) }
        do {
            return try await connections[index].pipeline(commands)
        } catch {
            outage.record(error)
            throw error
        }
    }

    /// Refuses new work; callers waiting for a connection get ``RedisError/closed``.
    package func close() async {
        let waiters = state.withLock { $0.close() }
        for waiter in waiters { waiter.resume(throwing: RedisError.closed) }
        for connection in connections { await connection.disconnect() }
    }

    /// Callers waiting for a connection now (for tests and diagnostics).
    package var waiting: Int { state.withLock { $0.waiting } }

    // MARK: - Borrowing

    private func acquire() async throws(RedisError) -> Int {
        let id = nextWaiterID.add(1, ordering: .relaxed).newValue
        // Most calls find an idle connection: no continuation, no timer.
        switch state.withLock({ $0.acquire(id: id, waiter: nil, isCancelled: false) }) {
        case .connection(let index): return index
        case .closed: throw .closed
        case .queued, .cancelled: break
        }
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (waiter: Waiter) in
                    // Checked under the lock, so a cancel that found no waiter to remove is seen here.
                    switch state.withLock({ $0.acquire(id: id, waiter: waiter, isCancelled: Task.isCancelled) }) {
                    case .connection(let index): waiter.resume(returning: index)
                    case .queued: giveUpWaiting(id: id, after: configuration.acquireTimeout)
                    case .closed: waiter.resume(throwing: RedisError.closed)
                    case .cancelled: waiter.resume(throwing: CancellationError())
                    }
                }
            } onCancel: {
                state.withLock { $0.remove(id: id) }?.resume(throwing: CancellationError())
            }
        } catch let error as RedisError {
            throw error
        } catch {
            throw .poolTimeout("the task was cancelled while waiting for a pooled connection")
        }
    }

    private func release(_ index: Int) {
        if let (waiter, index) = state.withLock({ $0.release(index) }) {
            waiter.resume(returning: index)
        }
    }

    /// Ends the wait of `id` with a timeout if it is still in line after `timeout`.
    private func giveUpWaiting(id: UInt64, after timeout: Duration) {
        Task {
            try? await Task.sleep(for: timeout)
            self.state.withLock { $0.remove(id: id) }?.resume(
                throwing: RedisError.poolTimeout("no pooled connection came free within \(timeout)"))
        }
    }
}
