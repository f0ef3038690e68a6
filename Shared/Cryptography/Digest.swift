internal import COpenSSL

/// Message digests, for fingerprints and storing hashed API keys (of random tokens, which need no
/// salt or stretching). Not for passwords.
package enum Digest {
    /// The 32-byte SHA-256 of `bytes`.
    package static func sha256(_ bytes: [UInt8]) throws(CryptographyError) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_Digest(bytes, bytes.count, &digest, &length, EVP_sha256(), nil) == 1 else {
            throw .openSSLFailure(operation: "EVP_Digest")
        }
        return Array(digest[..<Int(length)])
    }

    /// SHA-256 of the UTF-8 bytes of `text`.
    package static func sha256(_ text: String) throws(CryptographyError) -> [UInt8] {
        try sha256(Array(text.utf8))
    }

    /// SHA-256 as 64 lowercase hex digits.
    package static func sha256Hex(_ bytes: [UInt8]) throws(CryptographyError) -> String {
        Hex.encode(try sha256(bytes))
    }

    /// SHA-256 of the UTF-8 bytes of `text` as 64 lowercase hex digits.
    package static func sha256Hex(_ text: String) throws(CryptographyError) -> String {
        Hex.encode(try sha256(text))
    }
}
