import Domain
import Foundation
import JobRuntime
import Logging
import MessageStore
import Outbox
import Postgres
import Redis
import ServiceRuntime

/// Puts a new session on the live worker with the most free capacity (ARCHITECTURE.md "WhatsApp session"):
/// one Postgres transaction, serialised by an advisory lock so that two placements never both take a
/// worker's last slot, counts each online worker's sessions and inserts the row on the best one; then the
/// route is written to Redis and `session.start` enqueued on the worker's queue. When Redis fails after the
/// insert, the row is deleted again: nothing half-created.
struct SessionPlacement: Sendable {
    enum Failure: Error {
        /// No live worker has a free slot.
        case noCapacity
        /// The account already has a session with this name.
        case nameTaken
    }

    let stores: ServiceStores
    let liveness: WorkerLiveness
    var keys: SessionKeys { SessionKeys(prefix: stores.redisPrefix) }

    /// `sealAuth` seals the engine's starting auth state for the new session's id (nil: none).
    func create(
        accountID: UUID, name: String, engine: SessionEngine, options: String = "{}",
        sealAuth: @Sendable (UUID) throws -> String? = { _ in nil }
    ) async throws -> SessionResource {
        let live = try await liveWorkers()
        let newID = UUID()
        let sealed = try sealAuth(newID)
        let session: SessionResource = try await stores.postgres.withTransaction { transaction in
            try await transaction.execute("select pg_advisory_xact_lock(hashtext('wa-session-placement'))")
            guard let worker = try await bestWorker(among: live, on: transaction) else { throw Failure.noCapacity }
            let inserted = try await transaction.query(
                """
                insert into wa_sessions (id, account_id, name, engine, status, worker_id, options, sealed_auth)
                values ($6, $1, $2, $3, 'starting', $4, $5::jsonb, $7)
                on conflict (account_id, name) do nothing
                returning \(SessionResource.columns)
                """,
                [accountID, name, engine.rawValue, worker, options, newID, sealed])
            guard let row = inserted.first else { throw Failure.nameTaken }
            return try SessionResource(row: row)
        }
        let id = UUID(uuidString: session.id)!
        do {
            try await route(id, accountID: accountID, to: session.workerId ?? "", command: .start)
        } catch {
            _ = try? await stores.postgres.execute("delete from wa_sessions where id = $1", [id])
            throw error
        }
        return session
    }

    /// Moves a session off `worker` onto the live worker with the most free capacity (never `worker`) and
    /// starts it there, with a new ownership generation (the old owner's writes are refused from then on);
    /// nil when another gateway moved it first.
    ///
    /// - Throws: ``Failure/noCapacity`` when no other live worker has a slot.
    func move(_ sessionID: UUID, accountID: UUID, from worker: String) async throws -> String? {
        let live = try await liveWorkers(excluding: worker)
        let target: String? = try await stores.postgres.withTransaction { transaction in
            try await transaction.execute("select pg_advisory_xact_lock(hashtext('wa-session-placement'))")
            guard let best = try await bestWorker(among: live, on: transaction) else { throw Failure.noCapacity }
            let updated = try await transaction.execute(
                """
                update wa_sessions
                set worker_id = $3, owner_generation = owner_generation + 1, status = 'starting', updated_at = now()
                where id = $1 and worker_id = $2
                """,
                [sessionID, worker, best])
            return updated == 1 ? best : nil
        }
        guard let target else { return nil }
        try await route(sessionID, accountID: accountID, to: target, command: .start)
        // Its unsent messages follow it; the message rows make sure none is sent twice.
        let open = try await MessageRepository(pool: stores.postgres, logger: Logger(label: "session-placement"))
            .openMessages(sessionID: sessionID)
        if !open.isEmpty {
            _ = try await stores.queue(named: QueueName.whatsAppWorker(target).rawValue)
                .enqueue(open.map(WhatsAppSendJob.request(for:)))
        }
        return target
    }

    /// The online workers whose live key exists (but `excluded`), as a Postgres array literal.
    private func liveWorkers(excluding excluded: String? = nil) async throws -> String {
        let candidates = try await stores.postgres.query("select id from workers where status = 'online' order by id")
        let ids = try candidates.map { try $0.decode(String.self, "id") }.filter { $0 != excluded }
        let alive = try await liveness.alive(ids)
        return "{" + alive.sorted().joined(separator: ",") + "}"
    }

    /// The worker of `live` with the most free slots, or nil; call under the placement lock.
    private func bestWorker(among live: String, on transaction: PostgresConnection) async throws -> String? {
        let holding = SessionStatus.holdingSQLList
        let best = try await transaction.query(
            """
            select w.id, w.max_sessions - count(s.id) as free
            from workers w
            left join wa_sessions s on s.worker_id = w.id and s.status in (\(holding))
            where w.id = any($1::text[]) and w.status = 'online'
            group by w.id, w.max_sessions
            having w.max_sessions - count(s.id) > 0
            order by free desc, w.id
            limit 1
            """,
            [live])
        return try best.first?.decode(String.self, "id")
    }

    /// Writes the route and enqueues `command` on the worker's queue.
    func route(_ sessionID: UUID, accountID: UUID, to workerID: String, command: SessionCommand.Action) async throws {
        _ = try await stores.redis.send("HSET", keys.routes, keys.routeField(sessionID), workerID)
        try await send(command, sessionID: sessionID, accountID: accountID, workerID: workerID)
    }

    /// Enqueues `command` (with its argument, when it takes one) on the worker's queue.
    func send(
        _ command: SessionCommand.Action, sessionID: UUID, accountID: UUID, workerID: String,
        argument: SessionCommand.Argument? = nil
    ) async throws {
        let queue = stores.queue(named: QueueName.whatsAppWorker(workerID).rawValue)
        _ = try await queue.enqueue(
            SessionCommand(command, sessionID: sessionID, argument: argument).request(accountID: accountID))
    }
}
