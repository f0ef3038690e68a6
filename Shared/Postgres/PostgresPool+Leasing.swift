extension PostgresPool {
    /// Takes an idle connection, opens a new one within the limit, or waits in line.
    func acquire() async throws(PostgresError) -> PostgresConnection {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let lease: State.Lease
        do {
            lease = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (waiter: Waiter) in
                    // Checked under the lock, so a cancel that found no waiter to remove is seen here.
                    let decision = state.withLock { $0.acquire(id: id, waiter: waiter, isCancelled: Task.isCancelled) }
                    switch decision {
                    case .lease(let lease): waiter.resume(returning: lease)
                    case .queued: giveUpWaiting(id: id, after: configuration.acquireTimeout)
                    case .closed: waiter.resume(throwing: PostgresError(.poolClosed, "the pool is closed"))
                    case .cancelled: waiter.resume(throwing: Self.cancelled)
                    }
                }
            } onCancel: {
                state.withLock { $0.cancel(id: id) }?.resume(throwing: Self.cancelled)
            }
        } catch let error as PostgresError {
            throw error
        } catch {
            throw Self.cancelled
        }
        switch lease {
        case .connection(let connection):
            return connection
        case .openNew:
            return try await openConnection()
        }
    }

    /// Takes a connection back: broken ones are closed (their slot passes on), ones left inside a
    /// transaction are rolled back first.
    func release(_ connection: PostgresConnection) async {
        var health = connection.health
        if health.isUsable, health.transaction != .idle {
            _ = try? await connection.execute("ROLLBACK")
            health = connection.health
        }
        let reusable = health.isUsable && health.transaction == .idle
        let outcome = state.withLock { $0.release(connection, reusable: reusable) }
        if let (waiter, lease) = outcome.wake {
            waiter.resume(returning: lease)
        }
        if let closing = outcome.close {
            if !reusable {
                logger.warning(
                    "discarding an unusable postgres connection",
                    metadata: ["postgres.backend_pid": "\(closing.backendPID)"])
            }
            await closing.close()
        }
    }

    private func openConnection() async throws(PostgresError) -> PostgresConnection {
        let number = nextID.add(1, ordering: .relaxed).newValue
        do {
            return try await PostgresConnection.connect(
                configuration: configuration, logger: logger, name: "postgres-\(number % 1000)")
        } catch {
            logger.warning("postgres connection failed", metadata: ["error": "\(error)"])
            if let (waiter, lease) = state.withLock({ $0.openFailed() }) {
                waiter.resume(returning: lease)
            }
            throw error
        }
    }

    /// Ends the wait of `id` with a timeout if it is still in line after `timeout`.
    private func giveUpWaiting(id: UInt64, after timeout: Duration) {
        Task {
            try? await Task.sleep(for: timeout)
            self.state.withLock { $0.cancel(id: id) }?.resume(
                throwing: PostgresError(.timeout, "no pooled Postgres connection came free within \(timeout)"))
        }
    }

    private static var cancelled: PostgresError {
        PostgresError(.cancelled, "the task was cancelled while waiting for a pooled connection")
    }
}
