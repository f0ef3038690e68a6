import Cryptography
import Domain
import Foundation
import MessageStore
import Postgres

/// A worker's view of `wa_sessions`: loads the sessions routed to it and records their state. Every write
/// is guarded by `worker_id`, so a worker that lost a session (re-homed elsewhere) cannot overwrite it.
/// Auth state is sealed (AES-256-GCM) and bound to the session id.
struct SessionStore: Sendable {
    struct Session: Sendable {
        var id: UUID
        var accountID: UUID
        var engine: SessionEngine
        var status: SessionStatus
        var authState: [UInt8]?
        /// The session's own pacing (`options.pacing`), when set.
        var pacing: SendPacing.Rules?
    }

    let pool: PostgresPool
    let keyring: SealingKeyring
    let workerID: String

    /// The session if it is routed to this worker.
    func load(_ id: UUID) async throws -> Session? {
        let rows = try await pool.query(
            """
            select account_id, engine, status, sealed_auth, options::text as options
            from wa_sessions where id = $1 and worker_id = $2
            """,
            [id, workerID])
        guard let row = rows.first else { return nil }
        let sealed = try row.decode(String?.self, "sealed_auth")
        return Session(
            id: id, accountID: try row.decode(UUID.self, "account_id"),
            engine: SessionEngine(rawValue: try row.decode(String.self, "engine")) ?? .sandbox,
            status: SessionStatus(rawValue: try row.decode(String.self, "status")) ?? .failed,
            authState: try sealed.map { try SessionAuthSeal(keyring: keyring).open($0, sessionID: id) },
            pacing: Self.pacing(in: try row.decode(String.self, "options")))
    }

    /// Sets the status (and the error or phone when given); false when the session is no longer this
    /// worker's.
    @discardableResult
    func setStatus(_ id: UUID, _ status: SessionStatus, error: String? = nil, phone: String? = nil) async throws
        -> Bool
    {
        try await pool.execute(
            """
            update wa_sessions set status = $3, last_error = $4, phone = coalesce($5, phone), updated_at = now()
            where id = $1 and worker_id = $2
            """,
            [id, workerID, status.rawValue, error, phone]) == 1
    }

    /// Seals and stores the auth state, or drops it (`nil`, after a logout).
    func saveAuth(_ id: UUID, _ authState: [UInt8]?) async throws {
        let sealed = try authState.map { try SessionAuthSeal(keyring: keyring).seal($0, sessionID: id) }
        _ = try await pool.execute(
            "update wa_sessions set sealed_auth = $3, updated_at = now() where id = $1 and worker_id = $2",
            [id, workerID, sealed])
    }

    /// Which of `ids` are still routed to this worker.
    func stillHere(_ ids: [UUID]) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        let list = "{" + ids.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}"
        let rows = try await pool.query(
            "select id from wa_sessions where id = any($1::uuid[]) and worker_id = $2", [list, workerID])
        return Set(try rows.map { try $0.decode(UUID.self, "id") })
    }

    /// The sessions routed to this worker that should be running (after a restart of this worker).
    func routedHere() async throws -> [UUID] {
        let rows = try await pool.query(
            """
            select id from wa_sessions where worker_id = $1
                and status in ('starting', 'qr_required', 'connected', 'reconnecting')
            """,
            [workerID])
        return try rows.map { try $0.decode(UUID.self, "id") }
    }

    /// `{"minGapSeconds", "jitterSeconds", "dailyCap"}` of the session's options, when any is set.
    private static func pacing(in options: String) -> SendPacing.Rules? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(options.utf8)) as? [String: Any],
            object["minGapSeconds"] != nil || object["jitterSeconds"] != nil || object["dailyCap"] != nil
        else { return nil }
        var rules = SendPacing.Rules()
        if let gap = object["minGapSeconds"] as? Double { rules.minimumGap = .milliseconds(Int64(gap * 1000)) }
        if let jitter = object["jitterSeconds"] as? Double { rules.jitter = .milliseconds(Int64(jitter * 1000)) }
        if let cap = object["dailyCap"] as? Int { rules.dailyCap = cap }
        return rules
    }
}
