import Foundation
import Hummingbird
import Outbox

/// `POST /api/sessions/{id}/send`: `{"to": "+33612345678", "text": "Bonjour"}` or
/// `{"to": "…", "media": {"type": "image", "url": "https://…", "caption": "…", "filename": "…"}}` or
/// `{"to": "…", "template": {"name": "relance_annonce", "language": "fr", "parameters": ["Peugeot 208"]}}`
/// (exactly one of `text`, `media` and `template`; media types `image`, `audio`, `video`, `document`, by public
/// http(s) URL; a template is an approved one, the only kind WhatsApp lets a business start a conversation
/// with after 24 h: Cloud API template name, or a Twilio Content SID `HX…` on the twilio engine).
struct SendWhatsAppRequest: StrictJSONBody {
    struct Media: Codable, Sendable {
        var type: String
        var url: String
        var caption: String?
        var filename: String?
    }

    struct Template: Codable, Sendable {
        var name: String
        var language: String
        var parameters: [String]?
    }

    /// What is stored in `messages.media` for a template (the engines read `type`).
    private struct StoredTemplate: Encodable {
        var type = "template"
        var name: String
        var language: String
        var parameters: [String]
    }

    static let fields: Set<String> = ["to", "text", "media", "template"]
    static let optionalFields: Set<String> = ["text", "media", "template"]
    static let mediaTypes: Set<String> = ["image", "audio", "video", "document"]

    var to: String
    var text: String?
    var media: Media?
    var template: Template?

    func validationErrors() -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        let given = [text != nil, media != nil, template != nil].filter { $0 }.count
        guard given == 1 else {
            return [.init(field: "text", message: "exactly one of text, media and template is required")]
        }
        if let template { return Self.templateErrors(template) }
        switch (text, media) {
        case (nil, nil), (.some, .some):
            break
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

    private static func templateErrors(_ template: Template) -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        let nameCharacters = template.name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
        if template.name.isEmpty || template.name.count > 512 || !nameCharacters {
            errors.append(.init(field: "template.name", message: "must be letters, digits and _ (1–512)"))
        }
        let language = template.language.split(separator: "_", omittingEmptySubsequences: false)
        if !(1...2).contains(language.count) || language.contains(where: { !(2...3).contains($0.count) }) {
            errors.append(.init(field: "template.language", message: "must be a language code such as fr or pt_BR"))
        }
        let parameters = template.parameters ?? []
        if parameters.count > 20 || parameters.contains(where: { $0.isEmpty || $0.count > 1024 }) {
            errors.append(
                .init(field: "template.parameters", message: "at most 20 non-empty values of 1024 characters"))
        }
        return errors
    }

    /// What the message row keeps as its body: the text, the media's caption (empty when none), or the
    /// template's name and values.
    var body: String {
        if let template { return "template \(template.name): " + (template.parameters ?? []).joined(separator: " | ") }
        return text ?? media?.caption ?? ""
    }

    /// Adds the content to a replay's fingerprint: the text, or every field of the media or of the template
    /// (absent `parameters` as none).
    func addContent(to fingerprint: inout RequestFingerprint) {
        fingerprint.add("text", text)
        fingerprint.add("media.type", media?.type)
        fingerprint.add("media.url", media?.url)
        fingerprint.add("media.caption", media?.caption)
        fingerprint.add("media.filename", media?.filename)
        fingerprint.add("template.name", template?.name)
        fingerprint.add("template.language", template?.language)
        if let template { fingerprint.add("template.parameters", list: template.parameters ?? []) }
    }

    /// The media or template as the JSON text stored with the message.
    var mediaJSON: String? {
        if let template {
            let stored = StoredTemplate(
                name: template.name, language: template.language, parameters: template.parameters ?? [])
            return String(decoding: stored.sortedJSONBytes(), as: UTF8.self)
        }
        guard let media else { return nil }
        return String(decoding: media.sortedJSONBytes(), as: UTF8.self)
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
