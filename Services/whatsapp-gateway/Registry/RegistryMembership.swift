import Foundation
import Logging
import ServiceLifecycle

/// This worker's membership in the gateway's registry, as a service: registers at start (retrying while
/// the gateway is unreachable), heartbeats at the interval the gateway answers with its metrics, registers
/// again if the gateway forgot it, and deregisters on graceful shutdown. A 409 (another live process uses
/// this worker id) ends the service with an error, and so the process.
struct RegistryMembership: Service {
    struct IDInUse: Error, CustomStringConvertible {
        var workerID: String
        var description: String { "another live process is registered as worker \(workerID)" }
    }

    let registry: RegistryClient
    let endpoint: String
    let maxSessions: Int
    /// How many sessions this worker holds now (the session runtime's count).
    let sessionCount: @Sendable () -> Int
    /// Runs after each heartbeat (the supervisor closes sessions it no longer owns).
    var afterHeartbeat: @Sendable () async -> Void = {}
    let logger: Logger

    func run() async throws {
        guard var interval = try await registerUntilAccepted() else { return }
        var metrics = ProcessMetrics()
        _ = metrics.sample()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let wait = interval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { break }
            let sample = metrics.sample()
            switch await registry.heartbeat(
                sessions: sessionCount(), cpuPercent: sample.cpuPercent, memoryBytes: sample.memoryBytes,
                activeConnections: sessionCount())
            {
            case .accepted(let next):
                interval = next
                await afterHeartbeat()
            case .unknown:
                logger.warning("the gateway no longer knows this worker; registering again")
                guard let next = try await registerUntilAccepted() else { return }
                interval = next
            case .idInUse: throw IDInUse(workerID: registry.workerID)
            case .failed(let reason): logger.warning("heartbeat failed", metadata: ["error": "\(reason)"])
            }
        }
        switch await registry.deregister() {
        case .accepted: logger.info("deregistered from the gateway")
        case let other: logger.warning("deregistration failed", metadata: ["answer": "\(other)"])
        }
    }

    /// Registers, retrying every 1–5 s while the gateway cannot be reached; nil when shutdown came first.
    private func registerUntilAccepted() async throws -> Duration? {
        var delay = Duration.seconds(1)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            switch await registry.register(endpoint: endpoint, maxSessions: maxSessions) {
            case .accepted(let interval):
                logger.info(
                    "registered with the gateway",
                    metadata: ["worker.endpoint": "\(endpoint)", "worker.max_sessions": "\(maxSessions)"])
                return interval
            case .idInUse:
                throw IDInUse(workerID: registry.workerID)
            case .unknown, .failed:
                logger.warning("registration failed; retrying", metadata: ["retry.delay": "\(delay)"])
                let wait = delay
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                delay = min(delay * 2, .seconds(5))
            }
        }
        return nil
    }
}
