import Domain
import Foundation

/// An opened provider credential. The only place the plaintext exists outside the database's sealed
/// form; `description` never shows it.
package struct ChannelCredential: Sendable, CustomStringConvertible {
    package let accountID: UUID
    package let channel: Channel
    package let provider: String
    /// The id of the key that sealed the stored value (to spot values that need resealing).
    package let keyID: String
    /// The secret bytes (typically the provider's JSON credentials).
    package let secret: [UInt8]

    /// The secret as UTF-8 text.
    package var secretText: String { String(decoding: secret, as: UTF8.self) }

    package var description: String {
        "ChannelCredential(\(channel.rawValue), provider: \(provider), key: \(keyID), secret: <redacted>)"
    }
}
