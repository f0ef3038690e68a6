import Foundation

/// What a voice message plays, stored as `messages.voice`: a pre-recorded audio dropped in the voicemail
/// (`drop`, Voice Partner's `tokenAudio`) or a text read by a text-to-speech call (`tts`).
package struct VoiceContent: Codable, Sendable, Hashable {
    package enum Kind: String, Codable, Sendable {
        case drop
        case tts
    }

    package var kind: Kind
    package var tokenAudio: String?
    package var text: String?
    /// The text-to-speech language (`fr`, `en`, …).
    package var lang: String?
    /// 0.5–2; the provider's default (1) when nil.
    package var speechRate: Double?
    /// The validated number the recipient can call back (drops only), in E.164.
    package var sender: String?

    package static func drop(tokenAudio: String, sender: String?) -> VoiceContent {
        VoiceContent(kind: .drop, tokenAudio: tokenAudio, sender: sender)
    }

    /// A text-to-speech call (Voice Partner gives it no caller number).
    package static func tts(text: String, lang: String, speechRate: Double?) -> VoiceContent {
        VoiceContent(kind: .tts, text: text, lang: lang, speechRate: speechRate, sender: nil)
    }

    /// The JSON text for ``NewMessage/voice``.
    package var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A struct of strings and one number always encodes.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    package init?(json: String?) {
        guard let json, let decoded = try? JSONDecoder().decode(Self.self, from: Data(json.utf8)) else { return nil }
        self = decoded
    }

    private init(
        kind: Kind, tokenAudio: String? = nil, text: String? = nil, lang: String? = nil, speechRate: Double? = nil,
        sender: String?
    ) {
        self.kind = kind
        self.tokenAudio = tokenAudio
        self.text = text
        self.lang = lang
        self.speechRate = speechRate
        self.sender = sender
    }
}
