import Foundation
import Postgres

/// The worker registry: rows in `workers` (Postgres, the record) and live keys in Redis
/// (``WorkerLiveness``, the heartbeat). Every change is checked against the calling process's instance id.
struct WorkerRegistry: Sendable {
    enum Failure: Error, Equatable {
        /// Another process holds this worker id and is alive.
        case idInUse
        /// The worker id is unknown, or registered by another process since.
        case notRegistered
    }

    let pool: PostgresPool
    let liveness: WorkerLiveness

    /// Registers (or re-registers) the worker for `registration.instanceId`.
    func register(_ registration: WorkerRegistration) async throws {
        guard try await liveness.claim(registration.workerId, instance: registration.instanceId) == .owned else {
            throw Failure.idInUse
        }
        _ = try await pool.execute(
            """
            insert into workers (id, instance_id, endpoint, max_sessions, status)
            values ($1, $2, $3, $4, 'online')
            on conflict (id) do update set
                instance_id = excluded.instance_id, endpoint = excluded.endpoint,
                max_sessions = excluded.max_sessions, status = 'online', sessions = 0,
                cpu_percent = null, memory_bytes = null, active_connections = null,
                registered_at = now(), last_heartbeat_at = now(), stopped_at = null
            """,
            [registration.workerId, registration.instanceId, registration.endpoint, registration.maxSessions])
    }

    /// Renews the live key and stores the metrics.
    func heartbeat(workerID: String, _ beat: WorkerHeartbeat) async throws {
        let rows = try await pool.query(
            "select 1 from workers where id = $1 and instance_id = $2 and status = 'online'",
            [workerID, beat.instanceId])
        guard !rows.isEmpty else { throw Failure.notRegistered }
        // A lapsed key comes back for its owner (a pause longer than the TTL); another process's is refused.
        guard try await liveness.claim(workerID, instance: beat.instanceId) == .owned else {
            throw Failure.idInUse
        }
        _ = try await pool.execute(
            """
            update workers set sessions = $3, cpu_percent = $4, memory_bytes = $5, active_connections = $6,
                last_heartbeat_at = now()
            where id = $1 and instance_id = $2
            """,
            [workerID, beat.instanceId, beat.sessions, beat.cpuPercent, beat.memoryBytes, beat.activeConnections])
    }

    /// Marks the worker stopped and clears its live key.
    func deregister(workerID: String, instance: UUID) async throws {
        let updated = try await pool.execute(
            "update workers set status = 'stopped', stopped_at = now() where id = $1 and instance_id = $2",
            [workerID, instance])
        guard updated == 1 else { throw Failure.notRegistered }
        try await liveness.release(workerID, instance: instance)
    }

    /// Every worker, ordered by id, with its status.
    func list() async throws -> [WorkerResource] {
        let rows = try await pool.query(
            """
            select id, instance_id, endpoint, status, max_sessions, sessions, cpu_percent, memory_bytes,
                active_connections, registered_at, last_heartbeat_at
            from workers order by id
            """)
        let ids = try rows.map { try $0.decode(String.self, "id") }
        let alive = try await liveness.alive(ids)
        return try rows.map { row in
            let id = try row.decode(String.self, "id")
            let stored = try row.decode(String.self, "status")
            let maxSessions = try row.decode(Int.self, "max_sessions")
            let sessions = try row.decode(Int.self, "sessions")
            return WorkerResource(
                id: id, instanceId: try row.decode(UUID.self, "instance_id").uuidString.lowercased(),
                endpoint: try row.decode(String.self, "endpoint"),
                status: stored == "stopped" ? "stopped" : (alive.contains(id) ? "online" : "offline"),
                maxSessions: maxSessions, sessions: sessions,
                load: maxSessions > 0 ? (Double(sessions) / Double(maxSessions) * 1000).rounded() / 1000 : 0,
                cpuPercent: try row.decode(Double?.self, "cpu_percent"),
                memoryBytes: try row.decode(Int64?.self, "memory_bytes"),
                activeConnections: try row.decode(Int?.self, "active_connections"),
                registeredAt: try row.decode(Date.self, "registered_at"),
                lastHeartbeatAt: try row.decode(Date.self, "last_heartbeat_at"))
        }
    }
}
