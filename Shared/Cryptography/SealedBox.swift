/// The result of sealing: which key sealed it, the nonce, the ciphertext and the authentication tag.
///
/// Stored as ``bytes`` (binary, for `bytea` columns) or ``text`` (`v1.<keyId>.<base64url>`, for text
/// columns, Redis and environment variables). Both forms are self-describing and versioned.
/// Nothing here is secret, but `description` still prints sizes only.
package struct SealedBox: Sendable, Hashable, CustomStringConvertible {
    /// Format version written by this build.
    package static let currentVersion = 1
    /// AES-GCM nonce size: 96 bits, the size GCM is designed for.
    package static let nonceByteCount = 12
    /// AES-GCM tag size: the full 128 bits.
    package static let tagByteCount = 16

    /// The id of the key that sealed this box.
    package let keyID: String
    /// The random per-box nonce.
    package let nonce: [UInt8]
    /// The encrypted plaintext, same length as the plaintext.
    package let ciphertext: [UInt8]
    /// The GCM tag over the ciphertext, the format header and the caller's associated data.
    package let tag: [UInt8]

    /// Assembles a box from its parts, checking the id and the nonce and tag sizes.
    ///
    /// - Throws: ``CryptographyError/invalidKeyID(entry:)`` or ``CryptographyError/malformedSealedBox(_:)``.
    package init(keyID: String, nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) throws(CryptographyError) {
        guard SealingKey.isValidID(keyID) else { throw .invalidKeyID(entry: nil) }
        guard nonce.count == Self.nonceByteCount else { throw .malformedSealedBox("nonce must be 12 bytes") }
        guard tag.count == Self.tagByteCount else { throw .malformedSealedBox("tag must be 16 bytes") }
        self.keyID = keyID
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.tag = tag
    }

    /// The format header (version, id length, id), authenticated along with the caller's associated
    /// data so the key id cannot be swapped without failing authentication.
    var header: [UInt8] {
        Self.header(keyID: keyID)
    }

    static func header(keyID: String) -> [UInt8] {
        [UInt8(currentVersion), UInt8(keyID.utf8.count)] + Array(keyID.utf8)
    }

    package var description: String {
        "SealedBox(v\(Self.currentVersion), key: \(keyID), ciphertext: \(ciphertext.count) bytes)"
    }
}
