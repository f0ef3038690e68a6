import Foundation
import Outbox

/// What the admin "phone" can do to a session of an engine that emulates WhatsApp (the sandbox), so that
/// tests and demos can play what a real phone and network do: enter the pairing code, send a message to the
/// session, end the connection. Real engines do not conform; the supervisor ignores these commands for them.
protocol SimulatedPhone: Sendable {
    /// The phone enters `code` (`XXXX-XXXX`); false when it is not the session's live code.
    func enterPairingCode(sessionID: UUID, code: String) async -> Bool
    /// A contact sends `text` from `from` (E.164) to the connected session; false when it is not connected.
    func receive(sessionID: UUID, from: String, text: String) async -> Bool
    /// Ends the connection the `kind` way; false when the session is not open.
    func disconnect(sessionID: UUID, kind: SessionCommand.DisconnectKind) async -> Bool
}
