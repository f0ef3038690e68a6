import ServiceLifecycle

/// Keeps the supervisor's ``HeartbeatFence``: wakes at its deadline (at least every 250 ms) and has the
/// supervisor close every session once the deadline passed without an accepted heartbeat. A timer of its own:
/// a heartbeat call that hangs (a gateway cut off mid-connection) must not delay the fence.
struct SessionFencing: Service {
    let supervisor: SessionSupervisor

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let wait = await supervisor.enforceFence()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
        }
    }
}
