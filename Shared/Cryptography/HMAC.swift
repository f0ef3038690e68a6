internal import COpenSSL

/// HMAC (RFC 2104) with SHA-256 or SHA-512, for webhook signatures and keyed fingerprints.
/// Compare received codes with ``ConstantTime``, never `==`.
package enum HMAC {
    // MARK: SHA-256

    /// The 32-byte HMAC-SHA256 of `message` under `key`.
    package static func sha256(_ message: [UInt8], key: [UInt8]) throws(CryptographyError) -> [UInt8] {
        try authenticationCode(EVP_sha256(), message, key: key)
    }

    /// HMAC-SHA256 of the UTF-8 bytes of `message` under the UTF-8 bytes of `key`.
    package static func sha256(_ message: String, key: String) throws(CryptographyError) -> [UInt8] {
        try sha256(Array(message.utf8), key: Array(key.utf8))
    }

    /// HMAC-SHA256 as 64 lowercase hex digits.
    package static func sha256Hex(_ message: [UInt8], key: [UInt8]) throws(CryptographyError) -> String {
        Hex.encode(try sha256(message, key: key))
    }

    /// HMAC-SHA256 of UTF-8 strings as 64 lowercase hex digits.
    package static func sha256Hex(_ message: String, key: String) throws(CryptographyError) -> String {
        Hex.encode(try sha256(message, key: key))
    }

    // MARK: SHA-512

    /// The 64-byte HMAC-SHA512 of `message` under `key`.
    package static func sha512(_ message: [UInt8], key: [UInt8]) throws(CryptographyError) -> [UInt8] {
        try authenticationCode(EVP_sha512(), message, key: key)
    }

    /// HMAC-SHA512 of the UTF-8 bytes of `message` under the UTF-8 bytes of `key`.
    package static func sha512(_ message: String, key: String) throws(CryptographyError) -> [UInt8] {
        try sha512(Array(message.utf8), key: Array(key.utf8))
    }

    /// HMAC-SHA512 as 128 lowercase hex digits.
    package static func sha512Hex(_ message: [UInt8], key: [UInt8]) throws(CryptographyError) -> String {
        Hex.encode(try sha512(message, key: key))
    }

    /// HMAC-SHA512 of UTF-8 strings as 128 lowercase hex digits.
    package static func sha512Hex(_ message: String, key: String) throws(CryptographyError) -> String {
        Hex.encode(try sha512(message, key: key))
    }

    // MARK: OpenSSL

    private static func authenticationCode(
        _ digest: OpaquePointer?,
        _ message: [UInt8],
        key: [UInt8]
    ) throws(CryptographyError) -> [UInt8] {
        guard key.count <= Int(Int32.max) else { throw .inputTooLarge }
        var code = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // Array-to-pointer conversion passes a valid pointer even for empty arrays, which OpenSSL needs
        // for an empty key.
        guard COpenSSL.HMAC(digest, key, Int32(key.count), message, message.count, &code, &length) != nil else {
            throw .openSSLFailure(operation: "HMAC")
        }
        return Array(code[..<Int(length)])
    }
}
