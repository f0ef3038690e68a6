import Domain
import Foundation

/// A `messages` row. `description` masks the recipient and omits the body.
package struct StoredMessage: Sendable, Hashable, CustomStringConvertible {
    package let id: UUID
    package let accountID: UUID
    package let channel: Channel
    package let provider: String?
    package let recipient: PhoneNumber
    package let body: String
    package let segments: Int
    package let status: MessageStatus
    package let providerMessageID: String?
    package let providerErrorCode: String?
    package let providerErrorMessage: String?
    package let idempotencyKey: String?
    package let correlationID: String?
    package let scheduledAt: Date?
    package let huntID: UUID?
    package let adID: String?
    package let leadID: UUID?
    package let createdAt: Date
    package let updatedAt: Date
    /// The WhatsApp session that sends it (WhatsApp messages only).
    package let sessionID: UUID?
    /// A media message's `{"type", "url", "filename"?}` as JSON text; nil for text.
    package let media: String?
    /// A voice message's content (``VoiceContent``) as JSON text; nil for the other channels.
    package let voice: String?
    /// The voice campaign that sends it (voice messages, once their send job ran).
    package let voiceCampaignID: UUID?
    /// The fingerprint of the request that created it (``NewMessage/requestFingerprint``); nil for rows
    /// accepted before fingerprints were kept, or without one.
    package let requestFingerprint: String?

    package var description: String {
        "StoredMessage(\(id), \(channel.rawValue), \(status), to: \(recipient.masked), segments: \(segments))"
    }
}
