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
        struct Media: Decodable, Sendable { var caption: String? }
        var from: String
        var id: String
        var type: String?
        var text: Text?
        var image: Media?
        var video: Media?
        var document: Media?

        /// The text, or `[image] caption` for media (the media itself stays with Meta; fetched on demand).
        var readableText: String {
            if let body = text?.body { return body }
            let caption = image?.caption ?? video?.caption ?? document?.caption
            return "[\(type ?? "message")]" + (caption.map { " " + $0 } ?? "")
        }
    }

    var object: String?
    var entry: [Entry]?

    /// Every change's value, in order.
    var values: [Value] { (entry ?? []).flatMap { ($0.changes ?? []).compactMap(\.value) } }
}
