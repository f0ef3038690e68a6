import Domain
import Foundation
import JobRuntime
import Logging
import Outbox

/// Engine events turned into the session's row, Redis keys and published events.
extension SessionSupervisor {
    func apply(_ event: EngineEvent, to session: SessionStore.Session) async throws {
        switch event {
        case .connected: connected.insert(session.id)
        case .receipt, .inbound, .alive: break
        default: connected.remove(session.id)
        }
        switch event {
        case .alive:
            break
        case .inbound(let message):
            try await publishInbound(message, session: session)
        case .failed(let reason):
            try await dropKeys(session.id)
            try await transition(session, to: .failed, error: reason)
        case .receipt(let providerMessageID, let read):
            let result = try await messages.recordProviderStatus(
                provider: session.engine.rawValue, providerMessageID: providerMessageID,
                status: read ? .read : .delivered, providerCode: nil, detail: "\(session.engine.rawValue) receipt")
            if result.changed { await messageEvents.publish(result.message) }
        case .qr(let text, let life):
            let milliseconds = Self.milliseconds(life)
            _ = try await redis.send("SET", keys.qr(session.id), text, "PX", milliseconds)
            try await transition(session, to: .qrRequired, qrExpiresInMs: milliseconds)
        case .qrExhausted:
            try await dropKeys(session.id)
            try await transition(session, to: .failed, error: "the QR refs ran out before a scan")
        case .connected(let phone, let authState):
            try await dropKeys(session.id)
            try await store.saveAuth(session.id, authState)
            try await transition(session, to: .connected, phone: phone)
        case .disconnected(let reason):
            try await dropKeys(session.id)
            try await transition(session, to: .reconnecting, error: reason)
        case .loggedOut(let reason):
            try await dropKeys(session.id)
            try await store.saveAuth(session.id, nil)
            try await transition(session, to: .loggedOut, error: reason)
        case .banned(let reason):
            try await dropKeys(session.id)
            try await store.saveAuth(session.id, nil)
            try await transition(session, to: .loggedOut, error: "banned: \(reason)")
        }
    }

    /// `whatsapp.received` on `inbound`, once per provider message id.
    func publishInbound(_ message: InboundWhatsApp, session: SessionStore.Session) async throws {
        let payload = InboundWhatsAppJob(
            sessionId: session.id.uuidString.lowercased(), accountId: session.accountID.uuidString.lowercased(),
            engine: session.engine.rawValue, from: message.from, text: message.text,
            providerMessageId: message.providerMessageID, receivedAt: Date())
        _ = try await inbound.enqueue(
            JobRequest(
                name: InboundWhatsAppJob.name, payload: payload.encoded(),
                id: InboundWhatsAppJob.jobID(engine: payload.engine, providerMessageID: message.providerMessageID),
                accountID: payload.accountId))
    }

    func transition(
        _ session: SessionStore.Session, to status: SessionStatus, error: String? = nil, phone: String? = nil,
        qrExpiresInMs: Int? = nil
    ) async throws {
        guard try await store.setStatus(session.id, status, error: error, phone: phone) else { return }
        logger.info("session status", metadata: ["session.id": "\(session.id)", "session.status": "\(status)"])
        let event = SessionStatusEvent(
            sessionId: session.id.uuidString.lowercased(), accountId: session.accountID.uuidString.lowercased(),
            workerId: store.workerID, status: status.rawValue, error: error, phone: phone,
            qrExpiresInMs: qrExpiresInMs, at: Date())
        do {
            _ = try await events.enqueue(
                JobRequest(
                    name: qrExpiresInMs == nil ? "session.status" : "session.qr", payload: event.encoded(),
                    accountID: event.accountId))
        } catch {
            logger.warning("session event not published", metadata: ["session.id": "\(session.id)"])
        }
    }

    /// A TTL for Redis: at least 1 ms.
    static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000))
    }
}
