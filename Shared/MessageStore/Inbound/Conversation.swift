import Domain
import Foundation
import Postgres

/// An account's exchange with one contact number on one channel (`conversations`).
package struct Conversation: Sendable, Equatable {
    package var id: UUID
    package var accountID: UUID
    package var channel: Channel
    /// E.164.
    package var contactPhone: String
    /// Where a reply goes: the provider the contact wrote through, and for WhatsApp the session.
    package var provider: String
    package var sessionID: UUID?
    package var unreadCount: Int
    package var lastActivityAt: Date
    package var createdAt: Date

    static let columns = """
        id, account_id, channel, contact_phone, provider, session_id, unread_count, last_activity_at, created_at
        """

    init(row: PostgresRow) throws {
        guard let channel = Channel(rawValue: try row.decode(String.self, "channel")) else {
            throw MessageStoreError.invalidRow("unknown channel of a conversation")
        }
        id = try row.decode(UUID.self, "id")
        accountID = try row.decode(UUID.self, "account_id")
        self.channel = channel
        contactPhone = try row.decode(String.self, "contact_phone")
        provider = try row.decode(String.self, "provider")
        sessionID = try row.decode(UUID?.self, "session_id")
        unreadCount = try row.decode(Int.self, "unread_count")
        lastActivityAt = try row.decode(Date.self, "last_activity_at")
        createdAt = try row.decode(Date.self, "created_at")
    }
}

/// One entry of a conversation's history: what the contact sent, or what the account sent them.
package enum ConversationEntry: Sendable, Equatable {
    case inbound(InboundMessage)
    case outbound(StoredMessage)

    package var at: Date {
        switch self {
        case .inbound(let message): message.receivedAt
        case .outbound(let message): message.createdAt
        }
    }
}

/// Which conversations a list shows.
package struct ConversationFilter: Sendable, Equatable {
    package var channel: Channel?
    package var unreadOnly = false
    /// E.164.
    package var contactPhone: String?
    /// Only conversations after this one in the list's order (newest activity first).
    package var after: ConversationCursor?

    package init(
        channel: Channel? = nil, unreadOnly: Bool = false, contactPhone: String? = nil,
        after: ConversationCursor? = nil
    ) {
        self.channel = channel
        self.unreadOnly = unreadOnly
        self.contactPhone = contactPhone
        self.after = after
    }
}

/// A position in the list: after the conversation with this id (its activity and id, as they are now).
package struct ConversationCursor: Sendable, Equatable {
    package var id: UUID

    package init(after conversation: Conversation) { id = conversation.id }

    package init?(_ text: String) {
        guard let id = UUID(uuidString: text) else { return nil }
        self.id = id
    }

    package var text: String { id.uuidString.lowercased() }
}
