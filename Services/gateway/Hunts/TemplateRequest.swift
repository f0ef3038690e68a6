import Domain
import Hummingbird
import HuntStore

/// `POST /api/templates` body, and `PATCH /api/templates/{id}` (every field optional there, merged with the
/// stored template, then checked as a whole):
///
/// ```json
/// {"name": "Premier contact", "channel": "sms", "text": "Bonjour {vendeur_nom}, votre {marque} {modele} à {prix} ?"}
/// {"name": "Relance vocale", "channel": "voice", "tokenAudio": "tok-relance"}
/// ```
///
/// SMS and WhatsApp templates are a `text` (1–2,000 characters); a voice template is a `tokenAudio` (a drop) or
/// a `text` (a text-to-speech call). Placeholders: ``MessageTemplateText/placeholders``, `{key}` or `{{key}}`;
/// any other `{word}` is refused, naming it.
struct TemplateRequest: StrictJSONBody {
    static let fields: Set<String> = ["name", "channel", "text", "tokenAudio"]
    static let optionalFields: Set<String> = ["text", "tokenAudio"]
    static let maxText = 2_000

    var name: String
    var channel: String
    var text: String?
    var tokenAudio: String?

    /// The checked fields, or 422 naming every bad one.
    func checked() throws -> TemplateFields {
        var errors: [ProblemDetails.FieldError] = []
        if name.allSatisfy(\.isWhitespace) || name.count > 100 {
            errors.append(.init(field: "name", message: "must be 1 to 100 characters, not blank"))
        }
        let channel = Channel(rawValue: channel)
        if channel == nil { errors.append(.init(field: "channel", message: "must be sms, whatsapp or voice")) }
        switch (text, tokenAudio) {
        case (let text?, nil):
            if text.allSatisfy(\.isWhitespace) || text.count > Self.maxText {
                errors.append(.init(field: "text", message: "must be 1 to \(Self.maxText) characters, not blank"))
            }
            do {
                _ = try MessageTemplateText(text)
            } catch {
                errors.append(.init(field: "text", message: "\(error); known: \(Self.known)"))
            }
        case (nil, let token?):
            if channel != nil, channel != .voice {
                errors.append(.init(field: "tokenAudio", message: "applies to voice templates only"))
            }
            if token.isEmpty || token.utf8.count > 200 || token.contains(where: { $0.isWhitespace || $0 == "," }) {
                errors.append(.init(field: "tokenAudio", message: "must be an audio token (1 to 200 characters)"))
            }
        default:
            errors.append(
                .init(
                    field: "text",
                    message: channel == .voice ? "exactly one of text and tokenAudio is required" : "is required"))
        }
        guard errors.isEmpty, let channel else { throw StrictJSON.invalid(errors) }
        return TemplateFields(name: name, channel: channel, text: text, tokenAudio: tokenAudio)
    }

    private static let known = MessageTemplateText.placeholders.map { "{\($0)}" }.joined(separator: " ")
}

/// `PATCH /api/templates/{id}` body: any of the fields.
struct TemplatePatch: StrictJSONBody {
    static let fields: Set<String> = TemplateRequest.fields
    static let optionalFields: Set<String> = TemplateRequest.fields

    var name: String?
    var channel: String?
    var text: String?
    var tokenAudio: String?

    /// The stored template with these changes. Setting `text` clears `tokenAudio` and the other way round.
    func merged(into template: MessageTemplate) -> TemplateRequest {
        TemplateRequest(
            name: name ?? template.name, channel: channel ?? template.channel.rawValue,
            text: text ?? (tokenAudio == nil ? template.text : nil),
            tokenAudio: tokenAudio ?? (text == nil ? template.tokenAudio : nil))
    }
}
