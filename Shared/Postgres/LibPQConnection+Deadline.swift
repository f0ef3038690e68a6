import CLibPQ

extension LibPQConnection {
    /// Sends a statement with `send` (`PQsendQuery…`) and waits for its result as `PQexec` would, but never
    /// longer than the configured ``PostgresConfiguration/queryTimeout``: a server or link that stops answering
    /// (a frozen network, a stalled proxy: nothing a TCP timeout notices while the peer acknowledges) makes the
    /// call fail with ``PostgresError/Kind/timeout`` and the connection is closed, never reused.
    ///
    /// Returns the last result, or the first error result, as `PQexec` does; nil when libpq had none.
    func awaitResult(on connection: OpaquePointer, send: () -> Int32) throws(PostgresError) -> OpaquePointer? {
        guard send() == 1 else { return nil }  // PQerrorMessage says why; consume reports it
        let deadline = ContinuousClock.now + configuration.queryTimeout
        // Output first: a large statement may not fit the socket buffer at once.
        while true {
            let flushed = PQflush(connection)
            if flushed == 0 { break }
            if flushed < 0 { return PQgetResult(connection) }
            try wait(on: connection, forWrite: true, until: deadline)
        }
        var kept: OpaquePointer?
        while true {
            while PQisBusy(connection) == 1 {
                do {
                    try wait(on: connection, forWrite: false, until: deadline)
                } catch {
                    if let kept { PQclear(kept) }
                    throw error
                }
                if PQconsumeInput(connection) == 0 { break }
            }
            guard let result = PQgetResult(connection) else { return kept }
            if let previous = kept {
                // Keep the first error; otherwise the latest result.
                if PQresultStatus(previous) == PGRES_FATAL_ERROR {
                    PQclear(result)
                    continue
                }
                PQclear(previous)
            }
            kept = result
            if PQstatus(connection) != CONNECTION_OK { return kept }
        }
    }

    private func wait(on connection: OpaquePointer, forWrite: Bool, until deadline: ContinuousClock.Instant)
        throws(PostgresError)
    {
        let left = deadline - ContinuousClock.now
        let milliseconds =
            left <= .zero
            ? 0
            : Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
        guard milliseconds > 0, clibpq_wait_socket(connection, forWrite ? 1 : 0, milliseconds) != 0 else {
            close()
            throw PostgresError(
                .timeout, "Postgres did not answer within \(configuration.queryTimeout); the connection was closed")
        }
    }
}
