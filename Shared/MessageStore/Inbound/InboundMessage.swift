import Domain
import Foundation
import Postgres

/// A stored inbound message (`inbound_messages`).
package struct InboundMessage: Sendable, Equatable {
    package var id: UUID
    package var accountID: UUID
    package var conversationID: UUID
    package var channel: Channel
    package var provider: String
    package var providerMessageID: String
    package var sessionID: UUID?
    /// The contact's number, E.164.
    package var sender: String
    package var body: String
    package var media: InboundMedia?
    /// The whole message was an opt-out keyword (``OptOutKeywords``).
    package var optOut: Bool
    package var receivedAt: Date

    static let columns = """
        id, account_id, conversation_id, channel, provider, provider_message_id, session_id, sender, body,
        media::text as media, opt_out, received_at
        """

    init(row: PostgresRow) throws {
        guard let channel = Channel(rawValue: try row.decode(String.self, "channel")) else {
            throw MessageStoreError.invalidRow("unknown channel of an inbound message")
        }
        id = try row.decode(UUID.self, "id")
        accountID = try row.decode(UUID.self, "account_id")
        conversationID = try row.decode(UUID.self, "conversation_id")
        self.channel = channel
        provider = try row.decode(String.self, "provider")
        providerMessageID = try row.decode(String.self, "provider_message_id")
        sessionID = try row.decode(UUID?.self, "session_id")
        sender = try row.decode(String.self, "sender")
        body = try row.decode(String.self, "body")
        media = try row.decode(String?.self, "media").flatMap {
            try? JSONDecoder().decode(InboundMedia.self, from: Data($0.utf8))
        }
        optOut = try row.decode(Bool.self, "opt_out")
        receivedAt = try row.decode(Date.self, "received_at")
    }
}
