import Foundation
import MessageStore

/// A conversation as the API shows it.
struct ConversationResource: Codable, Sendable, Equatable {
    var id: String
    var channel: String
    /// E.164.
    var contactPhone: String
    /// Where a reply goes: the provider the contact wrote through (and for WhatsApp the session).
    var provider: String
    var sessionId: String?
    var unreadCount: Int
    var lastActivityAt: Date
    var createdAt: Date
    /// The history, oldest first (only in `GET /api/conversations/{id}`).
    var messages: [ConversationEntryResource]?

    init(_ conversation: Conversation, history: [ConversationEntry]? = nil) {
        id = conversation.id.uuidString.lowercased()
        channel = conversation.channel.rawValue
        contactPhone = conversation.contactPhone
        provider = conversation.provider
        sessionId = conversation.sessionID?.uuidString.lowercased()
        unreadCount = conversation.unreadCount
        lastActivityAt = conversation.lastActivityAt
        createdAt = conversation.createdAt
        messages = history?.map(ConversationEntryResource.init)
    }
}

/// One message of a conversation: `inbound` (the contact's, with media and whether it was an opt-out) or
/// `outbound` (the account's, with its current status).
struct ConversationEntryResource: Codable, Sendable, Equatable {
    var direction: String
    var id: String
    var at: Date
    var text: String
    var provider: String?
    var status: String?
    var media: InboundMedia?
    var optOut: Bool?

    init(_ entry: ConversationEntry) {
        at = entry.at
        switch entry {
        case .inbound(let message):
            direction = "inbound"
            id = message.id.uuidString.lowercased()
            text = message.body
            provider = message.provider
            media = message.media
            optOut = message.optOut
        case .outbound(let message):
            direction = "outbound"
            id = message.id.uuidString.lowercased()
            text = message.body
            provider = message.provider
            status = message.status.rawValue
        }
    }
}

/// A page of `GET /api/conversations`; `next` is the `after` of the following page.
struct ConversationPage: Codable, Sendable, Equatable {
    var items: [ConversationResource]
    var next: String?
}

/// `POST /api/conversations/{id}/reply`: `{"text": "…"}`.
struct ConversationReplyRequest: StrictJSONBody {
    static let fields: Set<String> = ["text"]

    var text: String

    func validationErrors() -> [ProblemDetails.FieldError] {
        text.allSatisfy(\.isWhitespace) ? [.init(field: "text", message: "must not be blank")] : []
    }
}
