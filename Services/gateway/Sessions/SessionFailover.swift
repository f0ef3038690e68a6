import Domain
import Foundation
import Logging
import Outbox
import ServiceLifecycle
import ServiceRuntime

/// Re-homes the sessions of workers that are gone (ARCHITECTURE.md "Worker registry and failover"): every
/// heartbeat interval it looks for workers holding sessions whose live key lapsed (killed, cut off) or that
/// deregistered, and moves each such session to the live worker with the most free capacity: the row's
/// `worker_id` (guarded, so two gateways never move one session twice), the route, and a `session.start`
/// on the new worker's queue, which resumes it from its sealed auth state. Sessions that find no free slot
/// stay where they are until a later pass.
struct SessionFailover: Service {
    let placement: SessionPlacement
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await rehomeAll()
            } catch {
                logger.warning("session failover pass failed", metadata: ["error": "\(error)"])
            }
            let wait = interval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
        }
    }

    /// One pass; returns how many sessions moved.
    @discardableResult
    func rehomeAll() async throws -> Int {
        let holding = SessionStatus.holdingSQLList
        let rows = try await placement.stores.postgres.query(
            """
            select distinct s.worker_id from wa_sessions s
            where s.worker_id is not null and s.status in (\(holding))
            """)
        let owners = try rows.map { try $0.decode(String.self, "worker_id") }
        let alive = try await placement.liveness.alive(owners)
        var moved = 0
        for worker in owners where !alive.contains(worker) {
            moved += try await rehome(from: worker)
        }
        return moved
    }

    /// Moves every session `worker` holds; returns how many moved.
    @discardableResult
    func rehome(from worker: String) async throws -> Int {
        let holding = SessionStatus.holdingSQLList
        let sessions = try await placement.stores.postgres.query(
            "select id, account_id from wa_sessions where worker_id = $1 and status in (\(holding)) order by created_at",
            [worker])
        var moved = 0
        for row in sessions {
            let id = try row.decode(UUID.self, "id")
            let account = try row.decode(UUID.self, "account_id")
            do {
                guard let target = try await placement.move(id, accountID: account, from: worker) else { continue }
                moved += 1
                logger.info(
                    "session re-homed",
                    metadata: ["session.id": "\(id)", "worker.from": "\(worker)", "worker.to": "\(target)"])
            } catch SessionPlacement.Failure.noCapacity {
                logger.warning("no live worker has room for a re-homed session", metadata: ["session.id": "\(id)"])
                break
            }
        }
        return moved
    }
}
