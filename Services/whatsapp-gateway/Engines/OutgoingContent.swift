import Foundation

/// What an outgoing WhatsApp message carries, read from ``OutgoingWhatsApp``: its text, a media file by URL,
/// or an approved template with its values.
enum OutgoingContent: Sendable, Equatable {
    case text(String)
    case media(type: String, url: String, caption: String?, filename: String?)
    case template(name: String, language: String, parameters: [String])

    private struct Stored: Decodable {
        var type: String
        var url: String?
        var caption: String?
        var filename: String?
        var name: String?
        var language: String?
        var parameters: [String]?
    }

    /// Nil when the stored media JSON is unreadable (the gateway validated it: a bug, not bad input).
    init?(_ message: OutgoingWhatsApp) {
        guard let media = message.media else {
            self = .text(message.text)
            return
        }
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(media.utf8)) else { return nil }
        if stored.type == "template" {
            guard let name = stored.name, let language = stored.language else { return nil }
            self = .template(name: name, language: language, parameters: stored.parameters ?? [])
        } else {
            guard let url = stored.url else { return nil }
            self = .media(type: stored.type, url: url, caption: stored.caption, filename: stored.filename)
        }
    }
}
