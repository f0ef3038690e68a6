import Cryptography
import Foundation
import Redis
import ServiceRuntime

/// Who is signed in to the dashboard: an account (with its API key: its own resources) or the operator (with
/// the admin secret: everything), and the session's CSRF token, which every form posts back.
struct DashboardViewer: Sendable, Codable, Hashable {
    var accountID: UUID?
    var csrf: String

    var isAdmin: Bool { accountID == nil }
}

/// Dashboard sign-ins in Redis: a random token in an HttpOnly, SameSite=Strict cookie names a key
/// (`<prefix>dashboard:session:<sha256 of the token>`, so a Redis reader cannot replay one) that holds the viewer
/// for `lifetime`. Signing out deletes it.
struct DashboardSessions: Sendable {
    static let cookieName = "ap_session"
    static let lifetime = 12 * 3600

    let redis: any SharedRedisClient
    let prefix: String

    /// Signs `accountID` (nil: the operator) in: the cookie's token.
    func create(accountID: UUID?) async throws -> (token: String, viewer: DashboardViewer) {
        let token = try SecureRandom.base64URLToken()
        let viewer = DashboardViewer(accountID: accountID, csrf: try SecureRandom.base64URLToken(byteCount: 24))
        let data = try JSONEncoder().encode(viewer)
        _ = try await redis.send("SET", try key(token), String(decoding: data, as: UTF8.self), "EX", Self.lifetime)
            .orThrow()
        return (token, viewer)
    }

    func viewer(token: String) async throws -> DashboardViewer? {
        guard token.count <= 100, let text = try await redis.send("GET", try key(token)).orThrow().string else {
            return nil
        }
        return try? JSONDecoder().decode(DashboardViewer.self, from: Data(text.utf8))
    }

    func delete(token: String) async throws {
        _ = try await redis.send("DEL", try key(token)).orThrow()
    }

    private func key(_ token: String) throws -> String {
        prefix + "dashboard:session:" + (try Digest.sha256Hex(Array(token.utf8)))
    }
}
