import Domain
import Foundation
import JobRuntime
import Logging
import Outbox

/// Engine events turned into the session's row, Redis keys and published events.
extension SessionSupervisor {
    /// The row is written first (conditional on this worker's generation, ``SessionStore``), then Redis: a
    /// refused write (``SessionStore/OwnershipLost``) leaves the new owner's QR and pairing keys alone. Message
    /// receipts and inbound messages are checked against the row before they are recorded.
    func apply(_ event: EngineEvent, to session: SessionStore.Session) async throws {
        switch event {
        case .receipt, .inbound, .alive, .connected: break
        default: connected.remove(session.id)
        }
        switch event {
        case .alive:
            break
        case .inbound(let message):
            try await store.confirmOwnership(session)
            try await publishInbound(message, session: session)
        case .failed(let reason):
            try await transition(session, to: .failed, error: reason)
            try await dropKeys(session.id)
        case .receipt(let providerMessageID, let read):
            try await store.confirmOwnership(session)
            let result = try await messages.recordProviderStatus(
                provider: session.engine.rawValue, providerMessageID: providerMessageID,
                status: read ? .read : .delivered, providerCode: nil, detail: "\(session.engine.rawValue) receipt")
            if result.changed { await messageEvents.publish(result.message) }
        case .qr(let text, let life):
            let milliseconds = Self.milliseconds(life)
            try await store.setStatus(session, .qrRequired)
            _ = try await redis.send("SET", keys.qr(session.id), text, "PX", milliseconds)
            await published(session, .qrRequired, qrExpiresInMs: milliseconds)
        case .qrExhausted:
            try await transition(session, to: .failed, error: "the QR refs ran out before a scan")
            try await dropKeys(session.id)
        case .connected(let phone, let authState):
            try await store.saveAuth(session, authState)
            // The QR goes before the status says connected, so nobody sees a connected session with a QR; if Redis
            // fails here, the drop after the transition retries it (and the key's short TTL bounds it anyway).
            try? await dropKeys(session.id)
            try await transition(session, to: .connected, phone: phone)
            try await dropKeys(session.id)
            // Unless it was closed meanwhile (the fence, a restart).
            if running[session.id]?.generation == session.generation { connected.insert(session.id) }
        case .disconnected(let reason):
            try await transition(session, to: .reconnecting, error: reason)
            try await dropKeys(session.id)
        case .loggedOut(let reason):
            try await store.saveAuth(session, nil)
            try await transition(session, to: .loggedOut, error: reason)
            try await dropKeys(session.id)
        case .banned(let reason):
            try await store.saveAuth(session, nil)
            try await transition(session, to: .loggedOut, error: "banned: \(reason)")
            try await dropKeys(session.id)
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

    /// Writes the status (throwing ``SessionStore/OwnershipLost`` when the row refuses it), then publishes it.
    func transition(
        _ session: SessionStore.Session, to status: SessionStatus, error: String? = nil, phone: String? = nil
    ) async throws {
        try await store.setStatus(session, status, error: error, phone: phone)
        await published(session, status, error: error, phone: phone)
    }

    /// Logs and publishes a status the row took (`session.qr` when it carries a QR's life).
    func published(
        _ session: SessionStore.Session, _ status: SessionStatus, error: String? = nil, phone: String? = nil,
        qrExpiresInMs: Int? = nil
    ) async {
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
