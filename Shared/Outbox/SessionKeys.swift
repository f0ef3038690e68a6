import Foundation

/// The Redis keys of WhatsApp sessions, shared by the gateway (reads, routes) and the workers (writes).
package struct SessionKeys: Sendable {
    /// The deployment's key prefix (`AP_REDIS_PREFIX`).
    package let prefix: String

    package init(prefix: String) {
        self.prefix = prefix
    }

    /// Hash of session id → the worker id that holds it: where commands and sends for it go.
    package var routes: String { "\(prefix)wa:routes" }

    /// The session's current QR string, with a TTL equal to the ref's remaining life.
    package func qr(_ sessionID: UUID) -> String { "\(prefix)wa:qr:\(sessionID.uuidString.lowercased())" }

    /// The session's current pairing code (link with a phone number), with a TTL equal to its remaining
    /// life; an empty string says the worker refused (the session was not waiting for pairing).
    package func pairingCode(_ sessionID: UUID) -> String {
        "\(prefix)wa:paircode:\(sessionID.uuidString.lowercased())"
    }

    /// The route field of a session.
    package func routeField(_ sessionID: UUID) -> String { sessionID.uuidString.lowercased() }
}
