import Foundation

/// An account's Voice Partner credential as the gateway seals it (`channel_credentials`, channel `voice`,
/// provider `voicepartner`) and the voice sender opens it: the API key, and the validated sender number
/// used when a message names none.
package struct VoicePartnerCredentials: Codable, Sendable, Hashable {
    package static let provider = "voicepartner"

    package var apiKey: String
    package var sender: String?

    package init(apiKey: String, sender: String?) {
        self.apiKey = apiKey
        self.sender = sender
    }

    package func encoded() -> [UInt8] {
        // Two strings always encode.
        (try? Array(JSONEncoder().encode(self))) ?? []
    }

    package static func decode(_ bytes: [UInt8]) -> VoicePartnerCredentials? {
        try? JSONDecoder().decode(Self.self, from: Data(bytes))
    }
}
