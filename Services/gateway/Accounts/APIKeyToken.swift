import Cryptography

/// An account API key, `ap_<prefix>_<secret>`: a 12-hex-digit prefix the key is looked up by and 32 random
/// bytes in base64url. Only the prefix and the SHA-256 of the whole key are stored; the key itself is shown
/// once, when issued. A random 256-bit secret needs no salt or stretching.
struct APIKeyToken: Sendable {
    static let scheme = "ap"
    static let prefixLength = 12

    /// The whole key, as the client sends it.
    let text: String
    let prefix: String

    /// A new random key.
    static func generate() throws(CryptographyError) -> APIKeyToken {
        let prefix = try SecureRandom.hexToken(byteCount: prefixLength / 2)
        let secret = try SecureRandom.base64URLToken(byteCount: 32)
        return APIKeyToken(text: "\(scheme)_\(prefix)_\(secret)", prefix: prefix)
    }

    /// The prefix of a key shaped like ours, else nil (then no key can match, and nothing is looked up).
    static func prefix(of text: String) -> String? {
        let parts = text.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == scheme, !parts[2].isEmpty, parts[1].utf8.count == prefixLength,
            parts[1].utf8.allSatisfy({
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
            })
        else { return nil }
        return String(parts[1])
    }

    /// The stored form: SHA-256 of the whole key, 64 lowercase hex digits.
    static func hash(_ text: String) throws(CryptographyError) -> String {
        try Digest.sha256Hex(text)
    }
}
