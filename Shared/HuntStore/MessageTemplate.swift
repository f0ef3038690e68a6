import Domain
import Foundation
import Postgres

/// A `message_templates` row.
package struct MessageTemplate: Sendable, Hashable {
    package let id: UUID
    package let accountID: UUID
    package let name: String
    package let channel: Channel
    /// The text with placeholders (SMS, WhatsApp; a voice call's text to read).
    package let text: String?
    /// A voice drop's audio (Voice Partner's `tokenAudio`).
    package let tokenAudio: String?
    package let createdAt: Date
    package let updatedAt: Date

    static let columns = "id, account_id, name, channel, text, token_audio, created_at, updated_at"

    init(row: PostgresRow) throws(HuntStoreError) {
        do {
            guard let channel = Channel(rawValue: try row.decode(String.self, "channel")) else {
                throw HuntStoreError.invalidRow("unknown template channel")
            }
            id = try row.decode(UUID.self, "id")
            accountID = try row.decode(UUID.self, "account_id")
            name = try row.decode(String.self, "name")
            self.channel = channel
            text = try row.decode(String?.self, "text")
            tokenAudio = try row.decode(String?.self, "token_audio")
            createdAt = try row.decode(Date.self, "created_at")
            updatedAt = try row.decode(Date.self, "updated_at")
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}

/// A template's fields as saved (the API checked them).
package struct TemplateFields: Sendable, Hashable {
    package var name: String
    package var channel: Channel
    package var text: String?
    package var tokenAudio: String?

    package init(name: String, channel: Channel, text: String?, tokenAudio: String?) {
        self.name = name
        self.channel = channel
        self.text = text
        self.tokenAudio = tokenAudio
    }
}
