import Foundation
import Hummingbird
import VoicePartnerAPI

/// `POST /api/phone/ringless-voice` body:
///
/// ```json
/// {"recipient":"06 12 34 56 78","audio":{"tokenAudio":"tok-relance"},"sender":"+33611223344",
///  "scheduledAt":"2026-11-24T09:00:00Z","correlationId":"crm-42"}
/// {"recipient":"+33612345678","text":"Bonjour, ...","lang":"fr","speechRate":1.1}
/// ```
///
/// Exactly one of `audio` (a voicemail drop of a validated audio file, see `GET /api/channels/voice/audios`)
/// and `text` (a text-to-speech call, in `lang`, default `fr`, at `speechRate` 0.5–2). `sender` (drops only) is
/// the validated number the recipient can call back (default: the one stored with the account's credentials).
/// ``VoiceSubmission`` applies the rules that need the gateway's settings.
struct SendVoiceRequest: StrictJSONBody {
    struct Audio: Codable, Sendable {
        var tokenAudio: String
    }

    static let fields: Set<String> = [
        "recipient", "audio", "text", "lang", "speechRate", "sender", "scheduledAt", "correlationId",
    ]
    static let optionalFields: Set<String> = fields.subtracting(["recipient"])
    /// The longest text read in one call.
    static let maxText = 1_000

    var recipient: String
    var audio: Audio?
    var text: String?
    var lang: String?
    var speechRate: Double?
    var sender: String?
    var scheduledAt: String?
    var correlationId: String?

    /// The rules that need no settings; ``VoiceSubmission`` reports them with the others, all at once.
    func fieldErrors() -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        switch (audio, text) {
        case (let audio?, nil):
            let token = audio.tokenAudio
            if token.isEmpty || token.utf8.count > 200 || token.contains(where: { $0.isWhitespace || $0 == "," }) {
                errors.append(.init(field: "audio.tokenAudio", message: "must be an audio token (1 to 200 characters)"))
            }
            if lang != nil { errors.append(.init(field: "lang", message: "applies to text only")) }
            if speechRate != nil { errors.append(.init(field: "speechRate", message: "applies to text only")) }
        case (nil, let text?):
            if text.allSatisfy(\.isWhitespace) || text.count > Self.maxText {
                errors.append(.init(field: "text", message: "must be 1 to \(Self.maxText) characters, not blank"))
            }
            if let lang, lang.count < 2 || lang.count > 5 || !lang.allSatisfy({ $0.isASCII && $0.isLetter }) {
                errors.append(.init(field: "lang", message: "must be a language code such as fr or en"))
            }
            if let speechRate, !VoicePartnerTTSRequest.speechRates.contains(speechRate) {
                errors.append(.init(field: "speechRate", message: "must be from 0.5 to 2"))
            }
            // Voice Partner's text-to-speech call has no caller number to give.
            if sender != nil { errors.append(.init(field: "sender", message: "applies to audio drops only")) }
        default:
            errors.append(.init(field: "audio", message: "exactly one of audio and text is required"))
        }
        if let scheduledAt, SendSMSRequest.date(scheduledAt) == nil {
            errors.append(.init(field: "scheduledAt", message: "must be an ISO 8601 date-time with a zone"))
        }
        if let correlationId, correlationId.isEmpty || correlationId.utf8.count > 200 {
            errors.append(.init(field: "correlationId", message: "must be 1 to 200 bytes"))
        }
        return errors
    }

    var scheduledDate: Date? { scheduledAt.flatMap(SendSMSRequest.date) }
}
