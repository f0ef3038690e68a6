import Foundation
import Postgres

/// Failing messages that were never sent (`pending` or `queued`) for a platform reason (``UnsentFailure``):
/// each becomes `failed` with the reason as its error code, gets a history row, and its credit hold is
/// released, in one transaction. A message already sent or final is left alone.
extension MessageRepository {
    /// Fails the message if it is still unsent; returns it failed, or nil when it was not (any more) unsent.
    @discardableResult
    package func failUnsent(id: UUID, reason: UnsentFailure) async throws(MessageStoreError) -> StoredMessage? {
        do {
            return try await pool.withTransaction { transaction in
                try await Self.failUnsent(where: "id = $1", [id], reason: reason, on: transaction).first
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Fails up to `limit` unsent messages, oldest first, whose time (the later of acceptance and schedule)
    /// is more than `age` ago; returns them. Rows another transaction holds are skipped (`skip locked`), so
    /// several gateways sweep disjoint messages and never wait on a sender.
    package func expireUnsent(olderThan age: Duration, limit: Int) async throws(MessageStoreError)
        -> [StoredMessage]
    {
        do {
            return try await pool.withTransaction { transaction in
                try await Self.failUnsent(
                    where: "greatest(created_at, scheduled_at) < now() - make_interval(secs => $1::float8)",
                    [age.postgresSeconds], reason: .expired, limit: limit, skipLocked: true, on: transaction)
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Fails every unsent message of the WhatsApp session inside the caller's transaction (the session's
    /// deletion), waiting for rows a sender holds; returns them.
    package static func failUnsent(
        sessionID: UUID, reason: UnsentFailure, on connection: PostgresConnection
    ) async throws -> [StoredMessage] {
        try await failUnsent(where: "session_id = $1", [sessionID], reason: reason, on: connection)
    }

    /// Fails every unsent message of the account to `recipient` (E.164) inside the caller's transaction (the
    /// number was just blocked); returns them. A message whose send attempt already started is left to its
    /// pipeline: failing it could release the hold of a message the provider is taking right now.
    package static func failUnsent(
        recipient: String, accountID: UUID, reason: UnsentFailure, on connection: PostgresConnection
    ) async throws -> [StoredMessage] {
        try await failUnsent(
            where: "account_id = $1 and recipient = $2 and send_started_at is null", [accountID, recipient],
            reason: reason, on: connection)
    }

    /// Locks the unsent messages matching `condition` (SQL over `parameters`, numbered from `$1`), fails
    /// them, records their history and releases their holds.
    static func failUnsent(
        where condition: String, _ parameters: [any PostgresBindable], reason: UnsentFailure, limit: Int? = nil,
        skipLocked: Bool = false, on connection: PostgresConnection
    ) async throws -> [StoredMessage] {
        try await failUnsent(
            where: condition, parameters, code: reason.rawValue, explanation: reason.explanation, limit: limit,
            skipLocked: skipLocked, on: connection)
    }

    /// The same with any error code and explanation (a provider's refusal of a voice campaign: its members).
    static func failUnsent(
        where condition: String, _ parameters: [any PostgresBindable], code: String, explanation: String,
        limit: Int? = nil, skipLocked: Bool = false, on connection: PostgresConnection
    ) async throws -> [StoredMessage] {
        let limitClause = limit.map { _ in "limit $\(parameters.count + 1)" } ?? ""
        let locked = try await connection.query(
            """
            select id from messages
            where status in ('pending', 'queued') and \(condition)
            order by created_at \(limitClause)
            for update\(skipLocked ? " skip locked" : "")
            """,
            parameters + (limit.map { [max(1, $0)] } ?? []))
        let ids = try locked.map { try $0.decode(UUID.self, "id") }
        guard !ids.isEmpty else { return [] }
        let list = CreditLedger.uuidArray(ids)
        let updated = try await connection.query(
            """
            update messages set
                status = 'failed', provider_error_code = $2, provider_error_message = $3, updated_at = now()
            where id = any($1::uuid[]) and status in ('pending', 'queued')
            returning \(StoredMessage.columns)
            """,
            [list, code, explanation])
        let failed = try updated.map { row throws(MessageStoreError) in try StoredMessage(row: row) }
        let failedIDs = CreditLedger.uuidArray(failed.map(\.id))
        try await connection.execute(
            """
            insert into message_events (message_id, status, detail, provider_code)
            select id, 'failed', $2, $3 from unnest($1::uuid[]) as id
            """,
            [failedIDs, explanation, code])
        _ = try await CreditLedger.releaseAll(messageIDs: failed.map(\.id), on: connection)
        return failed
    }
}

extension Duration {
    /// Whole and fractional seconds, for `make_interval(secs => $n::float8)`.
    var postgresSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
