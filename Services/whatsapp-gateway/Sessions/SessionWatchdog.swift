import ServiceLifecycle

/// Checks the connected sessions a few times per `timeout` and has the supervisor reconnect those silent for
/// longer (a socket can stay half-open for a long time without an error: WhatsApp Web's keep-alive forces a
/// reconnect the same way, ANCHORS.md §4.3).
package struct SessionWatchdog: Service {
    let supervisor: SessionSupervisor
    let timeout: Duration

    /// A quarter of the timeout, from 0.1 s to 10 s: a silent session is caught at most that late.
    package static func interval(timeout: Duration) -> Duration {
        min(max(timeout / 4, .milliseconds(100)), .seconds(10))
    }

    package func run() async throws {
        let interval = Self.interval(timeout: timeout)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { return }
            await supervisor.reconnectSilentSessions()
        }
    }
}
