import Foundation
import Logging
import Postgres

/// The `messages` outbox: accepting (row + credit hold in one transaction), loading, and the
/// forward-only status changes with their history (see ``MessageTransition``).
package struct MessageRepository: Sendable {
    let pool: PostgresPool
    let logger: Logger

    package init(pool: PostgresPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// Stores `message` as `pending` and holds one credit per segment, in one transaction.
    ///
    /// When the account already has a message with the same idempotency key (also one being accepted
    /// concurrently: the insert waits for it), that message is returned with `isReplay` and nothing
    /// is written or held.
    ///
    /// - Throws: ``MessageStoreError/insufficientCredits(channel:required:available:)`` (nothing is
    ///   stored), ``MessageStoreError/recipientBlocked`` for a number on the account's do-not-contact list
    ///   (nothing is stored), ``MessageStoreError/invalidAmount(_:)`` for a non-positive segment count.
    package func accept(_ message: NewMessage) async throws(MessageStoreError) -> AcceptedMessage {
        guard message.segments > 0 else { throw .invalidAmount(message.segments) }
        do {
            return try await pool.withTransaction { transaction in try await Self.insert(message, on: transaction) }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// The same inside the caller's transaction, behind a savepoint: a refusal (credits, a blocked number)
    /// undoes this message only and the transaction goes on; the message is durable when the caller commits.
    /// For work that accepts many messages at once (a hunt run: one commit per batch instead of one per message).
    package static func accept(_ message: NewMessage, within transaction: PostgresConnection)
        async throws(MessageStoreError) -> AcceptedMessage
    {
        guard message.segments > 0 else { throw .invalidAmount(message.segments) }
        do {
            try await transaction.execute("savepoint accept_message")
            do {
                let accepted = try await insert(message, on: transaction)
                try await transaction.execute("release savepoint accept_message")
                return accepted
            } catch {
                try await transaction.execute("rollback to savepoint accept_message")
                throw error
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// The row, its history row and its hold (see ``accept(_:)``), on `transaction`.
    private static func insert(_ message: NewMessage, on transaction: PostgresConnection) async throws
        -> AcceptedMessage
    {
        let inserted = try await transaction.query(
            """
            insert into messages (
                account_id, channel, provider, recipient, body, segments, idempotency_key,
                correlation_id, scheduled_at, hunt_id, ad_id, lead_id, session_id, media, request_fingerprint, voice,
                hunt_step, hunt_variant
            ) values (
                $1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz, $10, $11, $12, $13, $14::jsonb, $15, $16::jsonb,
                $17, $18
            )
            on conflict (account_id, idempotency_key) do nothing
            returning \(StoredMessage.columns)
            """,
            [
                message.accountID, message.channel.rawValue, message.provider, message.recipient.e164,
                message.body, message.segments, message.idempotencyKey, message.correlationID,
                message.scheduledAt, message.huntID, message.adID, message.leadID, message.sessionID,
                message.media, message.requestFingerprint, message.voice, message.huntStep, message.huntVariant,
            ])
        if let row = inserted.first {
            let stored = try StoredMessage(row: row)
            // A new message only: a replay of a key accepted before the number was blocked still answers.
            if try await BlockedContactStore.isBlocked(
                accountID: stored.accountID, phone: message.recipient.e164, on: transaction)
            {
                throw MessageStoreError.recipientBlocked
            }
            try await Self.recordEvent(
                messageID: stored.id, status: .pending, detail: "accepted", providerCode: nil, on: transaction)
            // Last before the commit: the balance row lock is then held the shortest time.
            try await CreditLedger.hold(
                messageID: stored.id, accountID: stored.accountID, channel: stored.channel,
                amount: stored.segments, on: transaction)
            return AcceptedMessage(message: stored, isReplay: false)
        }
        let existing = try await transaction.query(
            "select \(StoredMessage.columns) from messages where account_id = $1 and idempotency_key = $2",
            [message.accountID, message.idempotencyKey])
        guard let row = existing.first else { throw MessageStoreError.messageNotFound }
        return AcceptedMessage(message: try StoredMessage(row: row), isReplay: true)
    }

    /// The message with `id`, or nil.
    package func load(id: UUID) async throws(MessageStoreError) -> StoredMessage? {
        try await first("select \(StoredMessage.columns) from messages where id = $1", [id])
    }

    /// The message a provider knows as `providerMessageID`, for status callbacks; nil when unknown.
    package func find(provider: String, providerMessageID: String) async throws(MessageStoreError) -> StoredMessage? {
        try await first(
            "select \(StoredMessage.columns) from messages where provider = $1 and provider_message_id = $2",
            [provider, providerMessageID])
    }

    /// The message's status history, oldest first.
    package func history(messageID: UUID) async throws(MessageStoreError) -> [MessageEvent] {
        do {
            let rows = try await pool.query(
                "select status, detail, provider_code, at from message_events where message_id = $1 order by id",
                [messageID])
            return try rows.map { row throws(MessageStoreError) in
                do {
                    let text = try row.decode(String.self, "status")
                    guard let status = MessageStatus(rawValue: text) else {
                        throw MessageStoreError.invalidRow("unknown message status \(text)")
                    }
                    return MessageEvent(
                        status: status,
                        detail: try row.decode(String?.self, "detail"),
                        providerCode: try row.decode(String?.self, "provider_code"),
                        at: try row.decode(Date.self, "at"))
                } catch {
                    throw MessageStoreError.wrapping(error)
                }
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    private func first(_ sql: String, _ parameters: [any PostgresBindable]) async throws(MessageStoreError)
        -> StoredMessage?
    {
        do {
            guard let row = try await pool.query(sql, parameters).first else { return nil }
            return try StoredMessage(row: row)
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    static func recordEvent(
        messageID: UUID, status: MessageStatus, detail: String?, providerCode: String?,
        on connection: PostgresConnection
    ) async throws {
        try await connection.execute(
            "insert into message_events (message_id, status, detail, provider_code) values ($1, $2, $3, $4)",
            [messageID, status.rawValue, detail, providerCode])
    }
}
