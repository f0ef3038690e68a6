import Domain
import Foundation
import HuntStore

/// A template as the API shows it: its placeholders, and for SMS the segments of its text as written.
struct TemplateResource: Codable, Sendable {
    struct Segments: Codable, Sendable {
        var count: Int
        var encoding: String
    }

    var id: String
    var name: String
    var channel: String
    var text: String?
    var tokenAudio: String?
    var placeholders: [String]
    var segments: Segments?
    var createdAt: Date
    var updatedAt: Date

    init(_ template: MessageTemplate) {
        id = template.id.uuidString.lowercased()
        name = template.name
        channel = template.channel.rawValue
        text = template.text
        tokenAudio = template.tokenAudio
        placeholders = template.text.flatMap { try? MessageTemplateText($0).used } ?? []
        segments = template.channel == .sms ? template.text.map(Self.segments) : nil
        createdAt = template.createdAt
        updatedAt = template.updatedAt
    }

    static func segments(_ text: String) -> Segments {
        let segments = SMSSegments(text: text)
        return Segments(count: segments.count, encoding: segments.encoding.rawValue)
    }
}

/// `POST /api/templates/{id}/preview` answer: the text rendered against one ad.
struct TemplatePreview: Codable, Sendable {
    var text: String?
    var tokenAudio: String?
    var segments: TemplateResource.Segments?
}

/// `POST /api/templates/{id}/preview` body.
struct TemplatePreviewRequest: StrictJSONBody {
    static let fields: Set<String> = ["adId"]
    var adId: String
}
