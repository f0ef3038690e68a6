import Domain
import Foundation
import Logging
import Outbox

/// Linking by phone number, and the admin "phone" of emulated engines (``SimulatedPhone``).
extension SessionSupervisor {
    /// Asks the engine for a pairing code and stores it under ``SessionKeys/pairingCode(_:)`` for its life,
    /// where the gateway picks it up; an empty value tells the gateway at once that there is none (the session
    /// is not waiting for pairing here, or its engine cannot link by code).
    func pairingCode(_ id: UUID, phoneNumber: String?) async throws {
        let key = keys.pairingCode(id)
        guard let phoneNumber, PairingCode.isLinkablePhoneNumber(phoneNumber), let engine = engineOf[id],
            let (code, life) = await engine.pairingCode(sessionID: id, phoneNumber: phoneNumber)
        else {
            _ = try await redis.send("SET", key, "", "PX", 10_000)
            return
        }
        _ = try await redis.send("SET", key, code, "PX", Self.milliseconds(life))
    }

    /// `pair`, `inbound` and `disconnect`: passed to the session's engine when it emulates a phone; ignored
    /// (logged) otherwise, and when the argument is missing.
    func playPhone(_ command: SessionCommand) async {
        let id = command.sessionId
        guard let phone = engineOf[id] as? any SimulatedPhone else {
            logger.info("phone command for a session without an emulated phone", metadata: ["session.id": "\(id)"])
            return
        }
        let argument = command.argument ?? SessionCommand.Argument()
        let done: Bool
        switch command.action {
        case .pair: done = await phone.enterPairingCode(sessionID: id, code: argument.code ?? "")
        case .inbound:
            guard let from = argument.from, let text = argument.text else { return }
            done = await phone.receive(sessionID: id, from: from, text: text)
        case .disconnect:
            guard let kind = argument.disconnect else { return }
            done = await phone.disconnect(sessionID: id, kind: kind)
        default: return
        }
        if !done {
            logger.info(
                "phone command not applicable now",
                metadata: ["session.id": "\(id)", "command": "\(command.action.rawValue)"])
        }
    }
}
