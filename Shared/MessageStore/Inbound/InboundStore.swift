import Domain
import Foundation
import Postgres

/// Records inbound messages: each once (per account, provider and provider message id), in the
/// conversation with its sender on its channel, and an opt-out keyword as a do-not-contact entry, all in one
/// transaction. A crash before the commit leaves nothing, and the inbound job's retry records it then.
package struct InboundStore: Sendable {
    let pool: PostgresPool

    package init(pool: PostgresPool) { self.pool = pool }

    /// A duplicate of the same provider message is rolled back, so it neither counts as unread twice nor
    /// moves the conversation.
    package func record(_ message: NewInboundMessage) async throws(MessageStoreError) -> InboundRecord {
        do {
            return try await pool.withTransaction { transaction in
                let conversationID = try await Self.touchConversation(for: message, on: transaction)
                let optOut = OptOutKeywords.isOptOut(message.body)
                let inserted = try await transaction.query(
                    """
                    insert into inbound_messages (
                        account_id, conversation_id, channel, provider, provider_message_id, session_id, sender,
                        body, media, opt_out, received_at
                    ) values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11)
                    on conflict (account_id, provider, provider_message_id) do nothing
                    returning \(InboundMessage.columns)
                    """,
                    [
                        message.accountID, conversationID, message.channel.rawValue, message.provider,
                        message.providerMessageID, message.sessionID, message.sender.e164, message.body,
                        message.media.flatMap(Self.json), optOut, message.receivedAt,
                    ])
                guard let row = inserted.first else { throw AlreadyRecorded() }
                let stored = try InboundMessage(row: row)
                _ = try await Self.moveLeads(of: message, optOut: optOut, on: transaction)
                guard optOut else { return .recorded(stored, optOut: nil) }
                return .recorded(stored, optOut: try await Self.optOut(message, on: transaction))
            }
        } catch is AlreadyRecorded {
            return .duplicate
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Thrown inside the transaction to roll back the conversation's update for a duplicate.
    private struct AlreadyRecorded: Error {}

    /// The conversation's id, created on the first message; later ones count as unread, move its activity
    /// and point replies at the session or provider the contact used last.
    private static func touchConversation(for message: NewInboundMessage, on connection: PostgresConnection)
        async throws -> UUID
    {
        let rows = try await connection.query(
            """
            insert into conversations (
                account_id, channel, contact_phone, provider, session_id, unread_count, last_activity_at
            ) values ($1, $2, $3, $4, $5, 1, $6)
            on conflict (account_id, channel, contact_phone) do update set
                provider = excluded.provider,
                session_id = coalesce(excluded.session_id, conversations.session_id),
                unread_count = conversations.unread_count + 1,
                last_activity_at = greatest(conversations.last_activity_at, excluded.last_activity_at)
            returning id
            """,
            [
                message.accountID, message.channel.rawValue, message.sender.e164, message.provider,
                message.sessionID, message.receivedAt,
            ])
        guard let id = try rows.first?.decode(UUID.self, "id") else {
            throw MessageStoreError.invalidRow("the conversation upsert returned no row")
        }
        return id
    }

    /// Blocks the sender and fails every message to it that was not sent yet, so nothing more reaches it.
    private static func optOut(_ message: NewInboundMessage, on connection: PostgresConnection) async throws
        -> OptOutOutcome
    {
        let added = try await connection.execute(
            """
            insert into blocked_contacts (account_id, phone, reason) values ($1, $2, 'opt_out')
            on conflict (account_id, phone) do nothing
            """,
            [message.accountID, message.sender.e164])
        let failed = try await MessageRepository.failUnsent(
            recipient: message.sender.e164, accountID: message.accountID, reason: .recipientBlocked,
            on: connection)
        return OptOutOutcome(newlyBlocked: added > 0, failed: failed)
    }

    static func json(_ media: InboundMedia) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(media)).map { String(decoding: $0, as: UTF8.self) }
    }
}
