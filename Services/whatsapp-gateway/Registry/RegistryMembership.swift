import Foundation
import Logging
import ServiceLifecycle

/// This worker's membership in the gateway's registry, as a service: registers at start (retrying while
/// the gateway is unreachable), heartbeats at the interval the gateway answers with its metrics, registers
/// again if the gateway forgot it, and deregisters on graceful shutdown. A 409 (another live process uses
/// this worker id) ends the service with an error, and so the process.
///
/// Every accepted registration or heartbeat is reported with the time it was sent (``Acceptance``): the
/// supervisor's fence (``HeartbeatFence``) lets sessions run only while the gateway surely counts this worker
/// alive. Heartbeats therefore keep their cadence from when each was sent, a call may take at most one
/// interval, and a failed one is retried after a quarter interval, so that a slow or lost heartbeat leaves
/// room for another before the fence closes.
struct RegistryMembership: Service {
    struct IDInUse: Error, CustomStringConvertible {
        var workerID: String
        var description: String { "another live process is registered as worker \(workerID)" }
    }

    /// The gateway accepted a registration or heartbeat sent at `sentAt`.
    struct Acceptance: Sendable {
        var sentAt: ContinuousClock.Instant
        var interval: Duration
        var lapse: Duration
    }

    let registry: RegistryClient
    let endpoint: String
    let maxSessions: Int
    /// How many sessions this worker holds now (the session runtime's count).
    let sessionCount: @Sendable () -> Int
    /// Runs after each accepted registration and heartbeat (the supervisor's fence, lost sessions).
    var onAccepted: @Sendable (Acceptance) async -> Void = { _ in }
    let logger: Logger

    func run() async throws {
        guard var accepted = try await registerUntilAccepted() else { return }
        var next = accepted.sentAt + accepted.interval
        var metrics = ProcessMetrics()
        _ = metrics.sample()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let due = next
            try? await cancelWhenGracefulShutdown { try await Task.sleep(until: due, clock: .continuous) }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { break }
            let sample = metrics.sample()
            let sentAt = ContinuousClock.now
            switch await registry.heartbeat(
                sessions: sessionCount(), cpuPercent: sample.cpuPercent, memoryBytes: sample.memoryBytes,
                activeConnections: sessionCount(), timeout: Self.callTimeout(interval: accepted.interval))
            {
            case .accepted(let interval, let lapse):
                accepted = Acceptance(sentAt: sentAt, interval: interval, lapse: lapse)
                await onAccepted(accepted)
                next = sentAt + interval
            case .unknown:
                logger.warning("the gateway no longer knows this worker; registering again")
                guard let again = try await registerUntilAccepted() else { return }
                accepted = again
                next = again.sentAt + again.interval
            case .idInUse: throw IDInUse(workerID: registry.workerID)
            case .failed(let reason):
                logger.warning("heartbeat failed", metadata: ["error": "\(reason)"])
                next = .now + accepted.interval / 4
            }
        }
        switch await registry.deregister() {
        case .accepted: logger.info("deregistered from the gateway")
        case let other: logger.warning("deregistration failed", metadata: ["answer": "\(other)"])
        }
    }

    /// One interval, from 0.5 s to 10 s.
    static func callTimeout(interval: Duration) -> Duration {
        min(max(interval, .milliseconds(500)), .seconds(10))
    }

    /// Registers, retrying every 1–5 s while the gateway cannot be reached; nil when shutdown came first.
    private func registerUntilAccepted() async throws -> Acceptance? {
        var delay = Duration.seconds(1)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let sentAt = ContinuousClock.now
            switch await registry.register(endpoint: endpoint, maxSessions: maxSessions) {
            case .accepted(let interval, let lapse):
                logger.info(
                    "registered with the gateway",
                    metadata: ["worker.endpoint": "\(endpoint)", "worker.max_sessions": "\(maxSessions)"])
                let accepted = Acceptance(sentAt: sentAt, interval: interval, lapse: lapse)
                await onAccepted(accepted)
                return accepted
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
