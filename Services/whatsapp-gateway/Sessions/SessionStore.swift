import Cryptography
import Domain
import Foundation
import MessageStore
import Postgres

/// A worker's view of `wa_sessions`: loads the sessions routed to it and records their state. A session is
/// loaded with its ownership generation (`owner_generation`, bumped by the gateway at every move or restart),
/// and every write for it is conditional on the row still naming this worker *and* that generation: a write
/// from a worker that lost the session (moved elsewhere while it was cut off), or from a connection a restart
/// replaced, is refused with ``OwnershipLost`` and changes nothing. Auth state is sealed (AES-256-GCM) and
/// bound to the session id.
struct SessionStore: Sendable {
    struct Session: Sendable {
        var id: UUID
        var accountID: UUID
        var engine: SessionEngine
        var status: SessionStatus
        var authState: [UInt8]?
        /// The session's own pacing (`options.pacing`), when set.
        var pacing: SendPacing.Rules?
        /// The row's `owner_generation` when it was loaded: this worker's writes hold only while it is unchanged.
        var generation: Int64
    }

    /// A write for a session this worker no longer owns (the row names another worker or a newer generation).
    struct OwnershipLost: Error, CustomStringConvertible {
        var sessionID: UUID
        var description: String { "session \(sessionID) is owned by another worker or a newer start" }
    }

    let pool: PostgresPool
    let keyring: SealingKeyring
    let workerID: String

    /// The condition of every write: `$1` the session id, `$2` this worker, `$3` the generation it holds.
    private static let owned = "id = $1 and worker_id = $2 and owner_generation = $3"

    /// The session if it is routed to this worker.
    func load(_ id: UUID) async throws -> Session? {
        let rows = try await pool.query(
            """
            select account_id, engine, status, sealed_auth, options::text as options, owner_generation
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
            pacing: Self.pacing(in: try row.decode(String.self, "options")),
            generation: try row.decode(Int64.self, "owner_generation"))
    }

    /// Sets the status (and the error or phone when given).
    ///
    /// - Throws: ``OwnershipLost`` when the session is no longer this worker's at this generation.
    func setStatus(_ session: Session, _ status: SessionStatus, error: String? = nil, phone: String? = nil)
        async throws
    {
        try await write(
            session,
            "update wa_sessions set status = $4, last_error = $5, phone = coalesce($6, phone), updated_at = now()",
            [status.rawValue, error, phone])
    }

    /// Seals and stores the auth state, or drops it (`nil`, after a logout).
    ///
    /// - Throws: ``OwnershipLost`` when the session is no longer this worker's at this generation.
    func saveAuth(_ session: Session, _ authState: [UInt8]?) async throws {
        let sealed = try authState.map { try SessionAuthSeal(keyring: keyring).seal($0, sessionID: session.id) }
        try await write(session, "update wa_sessions set sealed_auth = $4, updated_at = now()", [sealed])
    }

    /// Checks, without writing, that the session is still this worker's at this generation (before effects
    /// that live outside the row: message receipts, inbound messages).
    ///
    /// - Throws: ``OwnershipLost`` otherwise.
    func confirmOwnership(_ session: Session) async throws {
        let rows = try await pool.query(
            "select 1 from wa_sessions where \(Self.owned)", [session.id, workerID, session.generation])
        if rows.isEmpty { throw OwnershipLost(sessionID: session.id) }
    }

    /// Marks a session this worker cannot open (its auth state was sealed with a key it lacks) `failed`, while
    /// it is still routed here.
    func markUnopenable(_ id: UUID, error: String) async throws {
        _ = try await pool.execute(
            """
            update wa_sessions set status = 'failed', last_error = $3, updated_at = now()
            where id = $1 and worker_id = $2
            """,
            [id, workerID, error])
    }

    /// `update … set <assignments> where <owned>`: `$4…` are `values`.
    private func write(_ session: Session, _ update: String, _ values: [any PostgresBindable]) async throws {
        let parameters: [any PostgresBindable] = [session.id, workerID, session.generation] + values
        let updated = try await pool.execute("\(update) where \(Self.owned)", parameters)
        if updated != 1 { throw OwnershipLost(sessionID: session.id) }
    }

    /// Which of `ids` are still routed to this worker, with their current generation.
    func stillHere(_ ids: [UUID]) async throws -> [UUID: Int64] {
        guard !ids.isEmpty else { return [:] }
        let list = "{" + ids.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}"
        let rows = try await pool.query(
            "select id, owner_generation from wa_sessions where id = any($1::uuid[]) and worker_id = $2",
            [list, workerID])
        return Dictionary(
            uniqueKeysWithValues: try rows.map {
                (try $0.decode(UUID.self, "id"), try $0.decode(Int64.self, "owner_generation"))
            })
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
