internal import COpenSSL

/// Cryptographically secure random bytes and tokens from OpenSSL's CSPRNG (`RAND_bytes`).
package enum SecureRandom {
    /// `count` random bytes.
    ///
    /// - Throws: ``CryptographyError/invalidArgument(_:)`` for a negative or over-large count,
    ///   ``CryptographyError/randomUnavailable`` when OpenSSL cannot produce randomness.
    package static func bytes(count: Int) throws(CryptographyError) -> [UInt8] {
        guard count >= 0 else { throw .invalidArgument("byte count must not be negative") }
        guard count <= Int(Int32.max) else { throw .inputTooLarge }
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw .randomUnavailable }
        return bytes
    }

    /// A token of `byteCount` random bytes as base64url without padding (43 characters for 32 bytes):
    /// for API keys, worker tokens, idempotency keys.
    package static func base64URLToken(byteCount: Int = 32) throws(CryptographyError) -> String {
        Base64URL.encode(try bytes(count: byteCount))
    }

    /// A token of `byteCount` random bytes as lowercase hex (64 characters for 32 bytes).
    package static func hexToken(byteCount: Int = 32) throws(CryptographyError) -> String {
        Hex.encode(try bytes(count: byteCount))
    }
}
