import Cryptography

/// `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body with the app secret (PROVIDERS.md
/// §4.4). Checked on the bytes received: re-serialised JSON would not match.
enum CloudWebhookSignature {
    static let headerName = "X-Hub-Signature-256"

    static func verify(body: [UInt8], header: String, appSecret: String) throws(WebhookError) {
        guard header.hasPrefix("sha256=") else { throw .invalidSignature }
        let expected: String
        do {
            expected = try HMAC.sha256Hex(body, key: Array(appSecret.utf8))
        } catch {
            throw .signingFailed
        }
        guard ConstantTime.isEqual("sha256=" + expected, header.lowercased()) else { throw .invalidSignature }
    }
}
