import MessageStore

/// The Cloud API's webhook body (PROVIDERS.md §4.4): `entry[].changes[].value` with `statuses[]` (of
/// messages sent) and `messages[]` (received). Fields this gateway does not use are not decoded.
struct CloudWebhookPayload: Decodable, Sendable {
    struct Entry: Decodable, Sendable {
        var changes: [Change]?
    }

    struct Change: Decodable, Sendable {
        var field: String?
        var value: Value?
    }

    struct Value: Decodable, Sendable {
        var metadata: Metadata?
        var statuses: [Status]?
        var messages: [Message]?
    }

    struct Metadata: Decodable, Sendable {
        var phone_number_id: String?
    }

    struct Status: Decodable, Sendable {
        var id: String
        /// `sent | delivered | read | failed` (`played` for voice notes).
        var status: String
        var recipient_id: String?
        var biz_opaque_callback_data: String?
        var errors: [ErrorItem]?
    }

    struct ErrorItem: Decodable, Sendable {
        var code: Int?
        var title: String?
        var message: String?
    }

    struct Message: Decodable, Sendable {
        struct Text: Decodable, Sendable { var body: String? }
        struct Media: Decodable, Sendable {
            var id: String?
            // swift-format-ignore: AlwaysUseLowerCamelCase
            var mime_type: String?
            var caption: String?
            var filename: String?
            var voice: Bool?
        }
        var from: String
        var id: String
        var type: String?
        var text: Text?
        var image: Media?
        var video: Media?
        var document: Media?
        var audio: Media?
        var sticker: Media?

        /// The text, or a media message's caption (possibly empty).
        var readableText: String { text?.body ?? attachment?.caption ?? "" }

        /// A media message's reference: the bytes stay with Meta, fetched on demand by id.
        var media: InboundMedia? {
            let kinds: [(String, Media?)] = [
                ("image", image), ("video", video), ("document", document), ("audio", audio), ("sticker", sticker),
            ]
            guard let (kind, item) = kinds.first(where: { $0.1 != nil }), let item else { return nil }
            return InboundMedia(
                type: item.voice == true ? "voice" : kind, mime: item.mime_type, mediaId: item.id,
                caption: item.caption, filename: item.filename)
        }

        private var attachment: Media? { image ?? video ?? document ?? audio ?? sticker }
    }

    var object: String?
    var entry: [Entry]?

    /// Every change's value, in order.
    var values: [Value] { (entry ?? []).flatMap { ($0.changes ?? []).compactMap(\.value) } }
}
