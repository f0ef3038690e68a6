/// One AES-256 key with the id stored next to everything it seals, so keys can rotate: a keyring
/// opens old data with the key its id names and seals new data with the current key.
///
/// `description` never shows the key bytes.
package struct SealingKey: Sendable, CustomStringConvertible {
    /// AES-256 key size.
    package static let byteCount = 32
    /// Longest accepted id, in characters (ids are ASCII).
    package static let maximumIDLength = 64

    /// Short, non-secret name such as `k2` or `2025-06`; `A-Z a-z 0-9 _ -`, 1-64 characters, so it fits
    /// unambiguously in the text form `v1.<id>.<data>` and in `id:key` configuration entries.
    package let id: String
    /// The 32 secret key bytes.
    package let bytes: [UInt8]

    /// Checks the id's syntax and the key's length.
    ///
    /// - Throws: ``CryptographyError/invalidKeyID(entry:)`` or
    ///   ``CryptographyError/invalidKeyLength(keyID:byteCount:)``.
    package init(id: String, bytes: [UInt8]) throws(CryptographyError) {
        guard Self.isValidID(id) else { throw .invalidKeyID(entry: nil) }
        guard bytes.count == Self.byteCount else {
            throw .invalidKeyLength(keyID: id, byteCount: bytes.count)
        }
        self.id = id
        self.bytes = bytes
    }

    /// Whether `id` is usable as a key id.
    package static func isValidID(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard (1...maximumIDLength).contains(utf8.count) else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }

    package var description: String {
        "SealingKey(id: \(id), bytes: <redacted>)"
    }
}
