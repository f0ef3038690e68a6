import Domain
import Foundation

/// Stands in for an engine this worker does not run: the session fails at once with the reason.
struct UnavailableEngine: WhatsAppEngine {
    let kind: SessionEngine

    func open(sessionID: UUID, authState: [UInt8]?) -> AsyncStream<EngineEvent> {
        AsyncStream { continuation in
            continuation.yield(.failed(reason: "this worker does not run the \(kind.rawValue) engine"))
            continuation.finish()
        }
    }

    func close(sessionID: UUID) async {}
    func logout(sessionID: UUID) async {}
    func scan(sessionID: UUID) async -> Bool { false }

    func send(sessionID: UUID, _ message: OutgoingWhatsApp) async -> EngineSendResult {
        .permanentFailure(code: "engine_unavailable", reason: "this worker does not run the \(kind.rawValue) engine")
    }
}
