/// Everything that can go wrong in this module. Descriptions name key ids, entry positions and sizes
/// only: never key bytes, configuration values, plaintext or associated data.
package enum CryptographyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A key id is empty, too long or uses characters outside `A-Z a-z 0-9 _ -`. `entry` is the 1-based
    /// position in a keyring configuration string, when the id came from one. The id itself is not
    /// echoed: a malformed configuration may have put key material where the id belongs.
    case invalidKeyID(entry: Int?)
    /// A required configuration key (an environment variable name) is absent or empty.
    case missingConfiguration(key: String)
    /// A keyring configuration entry is not `<id>:<base64 key>`.
    case malformedKeyringEntry(entry: Int)
    /// The key for `keyID` is not valid standard base64.
    case invalidKeyEncoding(keyID: String)
    /// The key for `keyID` is `byteCount` bytes long instead of 32.
    case invalidKeyLength(keyID: String, byteCount: Int)
    /// Two keys share `keyID`.
    case duplicateKeyID(String)
    /// The keyring holds no keys.
    case emptyKeyring
    /// The keyring has no key with the id chosen as current.
    case unknownCurrentKeyID(String)
    /// A sealed box names a key the keyring does not hold (retired too early, or foreign data).
    case unknownKeyID(String)
    /// Sealed data is truncated or not in a known format; the reason is a fixed phrase.
    case malformedSealedBox(String)
    /// Sealed data has a format version this build cannot read.
    case unsupportedFormatVersion(Int)
    /// The tag did not verify: the ciphertext, nonce, tag, key id or associated data was altered, or a
    /// different key with the same id sealed it.
    case authenticationFailed
    /// An input is larger than OpenSSL accepts in one call (2 GiB).
    case inputTooLarge
    /// A requested size is negative or otherwise unusable; the reason is a fixed phrase.
    case invalidArgument(String)
    /// The OpenSSL random generator could not produce bytes (for example, not yet seeded).
    case randomUnavailable
    /// An OpenSSL call failed unexpectedly; `operation` names the call, not its inputs.
    case openSSLFailure(operation: String)

    package var description: String {
        switch self {
        case .invalidKeyID(let entry):
            "\(Self.prefix(entry))invalid key id: use 1-\(SealingKey.maximumIDLength) characters from A-Z a-z 0-9 _ -"
        case .missingConfiguration(let key):
            "\(key) is required"
        case .malformedKeyringEntry(let entry):
            "\(Self.prefix(entry))malformed keyring entry: expected <id>:<base64 key>"
        case .invalidKeyEncoding(let keyID):
            "sealing key '\(keyID)' is not valid padded standard base64 (make one with: openssl rand -base64 32)"
        case .invalidKeyLength(let keyID, let byteCount):
            "sealing key '\(keyID)' is \(byteCount) bytes, expected \(SealingKey.byteCount)"
        case .duplicateKeyID(let keyID):
            "sealing key id '\(keyID)' appears more than once"
        case .emptyKeyring:
            "the sealing keyring holds no keys"
        case .unknownCurrentKeyID(let keyID):
            "the current sealing key id '\(keyID)' is not in the keyring"
        case .unknownKeyID(let keyID):
            "the data was sealed with key '\(keyID)', which the keyring does not hold"
        case .malformedSealedBox(let reason):
            "malformed sealed data: \(reason)"
        case .unsupportedFormatVersion(let version):
            "unsupported sealed data format version \(version)"
        case .authenticationFailed:
            "sealed data failed authentication (altered, wrong associated data, or wrong key)"
        case .inputTooLarge:
            "input too large for one OpenSSL call"
        case .invalidArgument(let reason):
            "invalid argument: \(reason)"
        case .randomUnavailable:
            "the OpenSSL random generator failed"
        case .openSSLFailure(let operation):
            "OpenSSL call failed: \(operation)"
        }
    }

    private static func prefix(_ entry: Int?) -> String {
        entry.map { "keyring entry \($0): " } ?? ""
    }
}
