import Cryptography
import Foundation

/// Standard Webhooks signatures (standardwebhooks.com): a secret is `whsec_` and the base64 of random bytes;
/// `webhook-signature` is `v1,` and the base64 HMAC-SHA256, keyed with the secret's bytes, of
/// `"<webhook-id>.<webhook-timestamp>.<body>"`. During a rotation's grace the header carries one signature per
/// valid secret, space-separated, so a receiver holding either secret verifies.
enum WebhookSigning {
    static let secretPrefix = "whsec_"

    static func newSecret() throws -> String {
        secretPrefix + Data(try SecureRandom.bytes(count: 24)).base64EncodedString()
    }

    /// `v1,<signature>` of one message with one secret.
    static func signature(id: String, timestamp: Int, body: [UInt8], secret: String) throws -> String {
        let encoded = secret.hasPrefix(secretPrefix) ? String(secret.dropFirst(secretPrefix.count)) : secret
        guard let key = Data(base64Encoded: encoded) else {
            throw CryptographyError.invalidArgument("a webhook secret is whsec_ and base64")
        }
        let signed = Array("\(id).\(timestamp).".utf8) + body
        return "v1," + Data(try HMAC.sha256(signed, key: Array(key))).base64EncodedString()
    }

    /// The `webhook-signature` header: a signature per secret, the current one first.
    static func header(id: String, timestamp: Int, body: [UInt8], secrets: [String]) throws -> String {
        try secrets.map { try signature(id: id, timestamp: timestamp, body: body, secret: $0) }.joined(separator: " ")
    }
}
