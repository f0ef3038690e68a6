import ServiceLifecycle

/// Runs `pass` at once, then every `interval`, until graceful shutdown or cancellation: the loop of the
/// periodic services (outbox relays, the expiry sweeper). Graceful shutdown ends a wait at once.
package func repeatUntilShutdown(every interval: Duration, _ pass: () async -> Void) async {
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
        await pass()
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
    }
}
