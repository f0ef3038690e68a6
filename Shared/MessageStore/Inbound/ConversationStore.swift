import Domain
import Foundation
import Postgres

/// Reading conversations and their histories, marking them read; always within one account.
package struct ConversationStore: Sendable {
    let pool: PostgresPool

    package init(pool: PostgresPool) { self.pool = pool }

    /// A page of the account's conversations, newest activity first.
    package func list(accountID: UUID, filter: ConversationFilter, limit: Int) async throws(MessageStoreError)
        -> [Conversation]
    {
        do {
            let rows = try await pool.query(
                """
                select \(Conversation.columns) from conversations
                where account_id = $1
                    and ($2::text is null or channel = $2)
                    and (not $3 or unread_count > 0)
                    and ($4::text is null or contact_phone = $4)
                    and ($5::uuid is null or (last_activity_at, id) < (
                        select c.last_activity_at, c.id from conversations c where c.account_id = $1 and c.id = $5))
                order by last_activity_at desc, id desc
                limit $6
                """,
                [
                    accountID, filter.channel?.rawValue, filter.unreadOnly, filter.contactPhone,
                    filter.after?.id, limit,
                ])
            return try rows.map { try Conversation(row: $0) }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// The account's conversation `id`, or nil (also for another account's).
    package func find(accountID: UUID, id: UUID) async throws(MessageStoreError) -> Conversation? {
        do {
            let rows = try await pool.query(
                "select \(Conversation.columns) from conversations where account_id = $1 and id = $2",
                [accountID, id])
            return try rows.first.map { try Conversation(row: $0) }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// The latest `limit` messages each way, oldest first: what the contact sent, and the account's messages
    /// to that number on that channel (whatever route sent them), with their current statuses.
    package func history(of conversation: Conversation, limit: Int = 200) async throws(MessageStoreError)
        -> [ConversationEntry]
    {
        do {
            let inbound = try await pool.query(
                """
                select \(InboundMessage.columns) from inbound_messages
                where conversation_id = $1 order by received_at desc limit $2
                """,
                [conversation.id, limit])
            let outbound = try await pool.query(
                """
                select \(StoredMessage.columns) from messages
                where account_id = $1 and channel = $2 and recipient = $3 order by created_at desc limit $4
                """,
                [conversation.accountID, conversation.channel.rawValue, conversation.contactPhone, limit])
            let entries =
                try inbound.map { ConversationEntry.inbound(try InboundMessage(row: $0)) }
                + outbound.map { row throws(MessageStoreError) in .outbound(try StoredMessage(row: row)) }
            return entries.sorted { $0.at < $1.at }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Sets the unread count to zero; false when the account has no such conversation.
    package func markRead(accountID: UUID, id: UUID) async throws(MessageStoreError) -> Bool {
        do {
            return try await pool.execute(
                "update conversations set unread_count = 0 where account_id = $1 and id = $2", [accountID, id]) > 0
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Moves the conversation's activity to now (a reply was accepted).
    package func touch(id: UUID) async throws(MessageStoreError) {
        do {
            _ = try await pool.execute("update conversations set last_activity_at = now() where id = $1", [id])
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }
}
