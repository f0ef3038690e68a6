import Domain
import Foundation

/// A message the API accepted, before it is stored. Its credit hold is one credit per segment.
package struct NewMessage: Sendable {
    package var accountID: UUID
    package var channel: Channel
    /// The provider chosen at accept time, when known; the sender records the one it used.
    package var provider: String?
    package var recipient: PhoneNumber
    package var body: String
    /// Billed parts (``SMSSegments/count`` for SMS, 1 for WhatsApp and voice); also the credits held.
    package var segments: Int
    /// The client's `Idempotency-Key`: a second request with the same key for the same account returns
    /// the first message.
    package var idempotencyKey: String?
    package var correlationID: String?
    package var scheduledAt: Date?
    package var huntID: UUID?
    package var adID: String?
    package var leadID: UUID?
    /// The WhatsApp session that sends it.
    package var sessionID: UUID?
    /// Media as JSON text (`{"type", "url", "filename"?}`).
    package var media: String?
    /// A voice message's content (``VoiceContent``) as JSON text.
    package var voice: String?
    /// The SHA-256 (hex) of the normalised request that asked for it, which a replay of its idempotency key
    /// must match.
    package var requestFingerprint: String?
    /// A hunt's message: its step (0 the first contact) and A/B variant.
    package var huntStep: Int?
    package var huntVariant: Int?

    package init(
        accountID: UUID, channel: Channel, provider: String? = nil, recipient: PhoneNumber, body: String,
        segments: Int, idempotencyKey: String? = nil, correlationID: String? = nil, scheduledAt: Date? = nil,
        huntID: UUID? = nil, adID: String? = nil, leadID: UUID? = nil, sessionID: UUID? = nil, media: String? = nil,
        voice: String? = nil, requestFingerprint: String? = nil
    ) {
        self.accountID = accountID
        self.channel = channel
        self.provider = provider
        self.recipient = recipient
        self.body = body
        self.segments = segments
        self.idempotencyKey = idempotencyKey
        self.correlationID = correlationID
        self.scheduledAt = scheduledAt
        self.huntID = huntID
        self.adID = adID
        self.leadID = leadID
        self.sessionID = sessionID
        self.media = media
        self.voice = voice
        self.requestFingerprint = requestFingerprint
    }
}
