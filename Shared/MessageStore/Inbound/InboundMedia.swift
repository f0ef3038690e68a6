/// What an inbound media message carried, as a reference: the provider keeps the bytes (Meta's media id, a
/// Twilio media URL), and nothing here downloads them.
package struct InboundMedia: Codable, Sendable, Equatable {
    /// `image`, `audio`, `video`, `document`, `sticker`, `voice` (a voice note), or the provider's word.
    package var type: String
    package var mime: String?
    /// In bytes, when the provider says.
    package var size: Int?
    /// The provider's media id (WhatsApp Cloud), fetched on demand with the account's token.
    package var mediaId: String?
    /// The provider's media URL (Twilio `MediaUrl0`).
    package var url: String?
    package var caption: String?
    package var filename: String?

    package init(
        type: String, mime: String? = nil, size: Int? = nil, mediaId: String? = nil, url: String? = nil,
        caption: String? = nil, filename: String? = nil
    ) {
        self.type = type
        self.mime = mime
        self.size = size
        self.mediaId = mediaId
        self.url = url
        self.caption = caption
        self.filename = filename
    }
}
