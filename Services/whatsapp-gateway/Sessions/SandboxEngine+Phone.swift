import Domain
import Foundation
import Outbox

/// The sandbox's pairing by phone number and its admin "phone" (``SimulatedPhone``).
extension SandboxEngine: SimulatedPhone {
    /// A fresh `XXXX-XXXX` code (whatsmeow's alphabet) while the session shows QR refs; it replaces any
    /// earlier one and pairs the session as `+<phoneNumber>` once entered.
    func pairingCode(sessionID: UUID, phoneNumber: String) async -> (code: String, validFor: Duration)? {
        let code = PairingCode.random()
        let life = timing.pairingCodeLife
        let given = connections.withLock { all in
            guard all[sessionID]?.waiting == true else { return false }
            all[sessionID]?.pairing = Pairing(
                code: code, phoneNumber: phoneNumber, expires: ContinuousClock.now + life)
            return true
        }
        return given ? (code, life) : nil
    }

    func enterPairingCode(sessionID: UUID, code: String) async -> Bool {
        guard let entered = PairingCode.normalized(code) else { return false }
        let paired: (UUID, String)? = connections.withLock { all in
            guard var connection = all[sessionID], connection.waiting, let pairing = connection.pairing,
                pairing.code == entered, ContinuousClock.now < pairing.expires
            else { return nil }
            connection.waiting = false
            connection.pairing = nil
            all[sessionID] = connection
            return (connection.generation, pairing.phoneNumber)
        }
        guard let (generation, number) = paired else { return false }
        let phone = "+" + number
        connect(sessionID, generation: generation, phone: phone, authState: Self.authState(phone: phone))
        return true
    }

    func receive(sessionID: UUID, from: String, text: String) async -> Bool {
        guard let connection = current(sessionID), !connection.waiting else { return false }
        let message = InboundWhatsApp(
            from: from, text: text, providerMessageID: "sandbox-wa-in-\(UUID().uuidString.lowercased())")
        return speak(.inbound(message), sessionID, connection.generation)
    }

    func disconnect(sessionID: UUID, kind: SessionCommand.DisconnectKind) async -> Bool {
        let event: EngineEvent
        switch kind {
        case .silent:
            return connections.withLock { all in
                guard all[sessionID] != nil else { return false }
                all[sessionID]?.silent = true
                return true
            }
        case .transient: event = .disconnected(reason: "connection lost (sandbox)")
        case .loggedOut: event = .loggedOut(reason: "the phone unlinked this device (sandbox)")
        case .banned: event = .banned(reason: "WhatsApp banned this number (sandbox)")
        }
        guard let connection = remove(sessionID) else { return false }
        connection.continuation.yield(event)
        end(connection)
        return true
    }
}
