/// HMAC (RFC 2104) over ``SHA1``, for Twilio request signatures only. Compare codes with
/// `ConstantTime.isEqual`, never `==`.
package enum HMACSHA1 {
    /// The 20-byte HMAC-SHA1 of `message` under `key`.
    package static func authenticationCode(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        var block = key.count > SHA1.blockByteCount ? SHA1.hash(key) : key
        block += [UInt8](repeating: 0, count: SHA1.blockByteCount - block.count)
        let inner = SHA1.hash(block.map { $0 ^ 0x36 } + message)
        return SHA1.hash(block.map { $0 ^ 0x5c } + inner)
    }

    /// HMAC-SHA1 of the UTF-8 bytes of `message` under the UTF-8 bytes of `key`.
    package static func authenticationCode(_ message: String, key: String) -> [UInt8] {
        authenticationCode(Array(message.utf8), key: Array(key.utf8))
    }
}
