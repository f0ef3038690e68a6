import Foundation
import Hummingbird

/// `POST /api/sessions/{id}/send`: `{"to": "+33612345678", "text": "Bonjour"}` or
/// `{"to": "…", "media": {"type": "image", "url": "https://…", "caption": "…", "filename": "…"}}` (exactly one
/// of `text` and `media`; media types `image`, `audio`, `video`, `document`, by public http(s) URL).
struct SendWhatsAppRequest: StrictJSONBody {
    struct Media: Codable, Sendable {
        var type: String
        var url: String
        var caption: String?
        var filename: String?
    }

    static let fields: Set<String> = ["to", "text", "media"]
    static let optionalFields: Set<String> = ["text", "media"]
    static let mediaTypes: Set<String> = ["image", "audio", "video", "document"]

    var to: String
    var text: String?
    var media: Media?

    func validationErrors() -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        switch (text, media) {
        case (nil, nil), (.some, .some):
            errors.append(.init(field: "text", message: "exactly one of text and media is required"))
        case (let text?, nil):
            if text.allSatisfy(\.isWhitespace) { errors.append(.init(field: "text", message: "must not be blank")) }
            if text.count > 4096 { errors.append(.init(field: "text", message: "must be at most 4096 characters")) }
        case (nil, let media?):
            if !Self.mediaTypes.contains(media.type) {
                errors.append(.init(field: "media.type", message: "must be image, audio, video or document"))
            }
            let url = URL(string: media.url)
            if url?.host == nil || !["http", "https"].contains(url?.scheme ?? "") || media.url.utf8.count > 2000 {
                errors.append(.init(field: "media.url", message: "must be a public http(s) URL"))
            }
            if let caption = media.caption, caption.count > 1024 {
                errors.append(.init(field: "media.caption", message: "must be at most 1024 characters"))
            }
        }
        return errors
    }

    /// What the message row keeps as its body: the text, or the media's caption (empty when none).
    var body: String { text ?? media?.caption ?? "" }

    /// The media as the JSON text stored with the message.
    var mediaJSON: String? {
        guard let media else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(media)).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// `POST /api/whatsapp/text` (the original app's route): `{"senderPhone", "recipientPhone", "message"}`; the
/// sender is the account's connected session with that phone number.
struct WhatsAppTextRequest: StrictJSONBody {
    static let fields: Set<String> = ["senderPhone", "recipientPhone", "message"]
    var senderPhone: String
    var recipientPhone: String
    var message: String

    func validationErrors() -> [ProblemDetails.FieldError] {
        message.allSatisfy(\.isWhitespace) ? [.init(field: "message", message: "must not be blank")] : []
    }
}
