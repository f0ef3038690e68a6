/// Where a WhatsApp session is in its life (ARCHITECTURE.md "WhatsApp session"):
/// `starting → qr_required → connected ⇄ reconnecting → logged_out | failed | stopped`.
package enum SessionStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Placed on a worker, which is opening it.
    case starting
    /// Waiting for the phone to scan the current QR ref (or enter the pairing code).
    case qrRequired = "qr_required"
    /// Paired and online: can send and receive.
    case connected
    /// Lost its connection; the worker reconnects with backoff.
    case reconnecting
    /// The phone unlinked the device (or the account was banned): credentials dropped, no retry.
    case loggedOut = "logged_out"
    /// Gave up (QR refs ran out, unrecoverable error); a restart starts over.
    case failed
    /// Stopped on request; a restart resumes it.
    case stopped

    /// The session occupies a slot on its worker.
    package var holdsCapacity: Bool {
        switch self {
        case .starting, .qrRequired, .connected, .reconnecting: true
        case .loggedOut, .failed, .stopped: false
        }
    }

    package var description: String { rawValue }
}

/// How a session reaches WhatsApp.
package enum SessionEngine: String, Sendable, Hashable, Codable, CaseIterable {
    /// A local emulation of WhatsApp Web pairing, for development and tests.
    case sandbox
    /// The WhatsApp Business Cloud API (Meta Graph API).
    case cloud
    /// WhatsApp through Twilio's Messages API.
    case twilio
}
