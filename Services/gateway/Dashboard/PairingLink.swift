import Cryptography
import Foundation

/// A link the account sends to a phone's owner so they can pair a session without any credentials: the session
/// and an expiry, signed (HMAC-SHA256 with a key derived from the admin secret, so rotating that secret voids every
/// link). `/pair/<token>` shows that session's QR and status until the expiry, nothing else.
struct PairingLink: Sendable, Hashable {
    static let lifetime: TimeInterval = 600

    var sessionID: UUID
    var expires: Date

    /// `<session id>.<expiry, Unix seconds>.<signature, base64url>`.
    func token(key: [UInt8]) throws -> String {
        let payload = "\(sessionID.uuidString.lowercased()).\(Int(expires.timeIntervalSince1970))"
        return payload + "." + Self.base64URL(try HMAC.sha256(Array(payload.utf8), key: key))
    }

    /// The link a token names, when its signature holds (expired or not: the page says which).
    init?(token: String, key: [UInt8]) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard token.count <= 200, parts.count == 3, let id = UUID(uuidString: parts[0]), let seconds = Int(parts[1]),
            let expected = try? HMAC.sha256(Array("\(parts[0]).\(parts[1])".utf8), key: key),
            ConstantTime.isEqual(Self.base64URL(expected), parts[2])
        else { return nil }
        self.init(sessionID: id, expires: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    init(sessionID: UUID, expires: Date) {
        self.sessionID = sessionID
        self.expires = expires
    }

    var isExpired: Bool { expires <= Date() }

    /// The signing key: derived from the admin secret for this one use.
    static func key(adminSecret: String) -> [UInt8] {
        (try? HMAC.sha256(Array("auto-prospect pairing links".utf8), key: Array(adminSecret.utf8))) ?? []
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
