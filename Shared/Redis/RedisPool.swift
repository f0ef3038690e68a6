import Synchronization

/// A fixed set of ``RedisConnection``s shared by the tasks of a process.
///
/// Each connection connects lazily and reconnects after errors by itself, so the pool only hands them out.
/// Long blocking reads (consumers) should use a dedicated ``RedisConnection`` instead of a pooled one.
package final class RedisPool: RedisClient {
    package let configuration: RedisConfiguration
    private let connections: [RedisConnection]
    private let state: Mutex<State>

    private struct State {
        var idle: [Int]
        var waiters: [CheckedContinuation<Int?, Never>] = []
        var closed = false
    }

    package init(configuration: RedisConfiguration, name: String = "redis-pool") {
        self.configuration = configuration
        let size = max(1, configuration.poolSize)
        self.connections = (0..<size).map { RedisConnection(configuration: configuration, name: "\(name)-\($0)") }
        self.state = Mutex(State(idle: Array(0..<size)))
    }

    /// Borrows a connection for the duration of `body`.
    package func withConnection<T: Sendable>(
        _ body: (RedisConnection) async throws -> T
    ) async throws -> T {
        let index = try await acquire()
        defer { release(index) }
        return try await body(connections[index])
    }

    /// Sends commands in one round trip on one connection; per-command errors come back as `.error` values.
    @discardableResult
    package func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue] {
        let index = try await acquire()
        defer { release(index) }
        return try await connections[index].pipeline(commands)
    }

    /// Refuses new work; callers waiting for a connection get ``RedisError/closed``.
    package func close() async {
        let waiters = state.withLock { state -> [CheckedContinuation<Int?, Never>] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        for connection in connections { await connection.disconnect() }
    }

    // MARK: - Borrowing

    private func acquire() async throws(RedisError) -> Int {
        enum Immediate { case index(Int), closed, wait }
        let immediate = state.withLock { state -> Immediate in
            if state.closed { return .closed }
            if let index = state.idle.popLast() { return .index(index) }
            return .wait
        }
        switch immediate {
        case .index(let index): return index
        case .closed: throw .closed
        case .wait: break
        }
        let index: Int? = await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Int?? in
                if state.closed { return .some(nil) }
                if let index = state.idle.popLast() { return .some(index) }
                state.waiters.append(continuation)
                return .none
            }
            if let resumeNow { continuation.resume(returning: resumeNow) }
        }
        guard let index else { throw .closed }
        return index
    }

    private func release(_ index: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Int?, Never>? in
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.idle.append(index)
            return nil
        }
        waiter?.resume(returning: index)
    }
}
