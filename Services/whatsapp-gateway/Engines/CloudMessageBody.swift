import Foundation

/// The JSON of `POST /{version}/{phone-number-id}/messages` (PROVIDERS.md §4.2) for one message: `to` in
/// digits, one object named after `type`, and the message id in `biz_opaque_callback_data` so that status
/// webhooks name it even when the worker never recorded Meta's answer.
enum CloudMessageBody {
    static func json(to: String, content: OutgoingContent, messageID: UUID?) -> [UInt8] {
        var body: [String: Any] = [
            "messaging_product": "whatsapp", "recipient_type": "individual",
            "to": String(to.drop(while: { $0 == "+" })),
        ]
        if let messageID { body["biz_opaque_callback_data"] = messageID.uuidString.lowercased() }
        switch content {
        case .text(let text):
            body["type"] = "text"
            body["text"] = ["preview_url": false, "body": text]
        case .media(let type, let url, let caption, let filename):
            var media: [String: Any] = ["link": url]
            // Audio takes no caption; only documents have a file name.
            if let caption, type != "audio" { media["caption"] = caption }
            if let filename, type == "document" { media["filename"] = filename }
            body["type"] = type
            body[type] = media
        case .template(let name, let language, let parameters):
            var template: [String: Any] = ["name": name, "language": ["code": language]]
            if !parameters.isEmpty {
                template["components"] = [
                    ["type": "body", "parameters": parameters.map { ["type": "text", "text": $0] }]
                ]
            }
            body["type"] = "template"
            body["template"] = template
        }
        let data = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        return Array(data ?? Data())
    }
}
