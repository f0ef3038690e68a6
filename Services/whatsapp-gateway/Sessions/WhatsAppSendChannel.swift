import Foundation
import JobRuntime
import MessageStore
import SendPipeline

/// The WhatsApp side of the send pipeline: the message's session must be routed to this worker, connected here
/// under the ownership generation its row names (a stale connection waits for the new start), the fence open,
/// and its pacing must allow a send; lookups and sends go through the session's engine. A
/// rate-limit answer from WhatsApp pauses the whole session's pacing.
struct WhatsAppSendChannel: SendChannel {
    let supervisor: SessionSupervisor
    let store: SessionStore
    let pacing: SendPacing
    let defaultRules: SendPacing.Rules

    func prepare(_ message: StoredMessage) async throws -> SendPreparation<SessionStore.Session> {
        guard let sessionID = message.sessionID else {
            return .fail(code: "no_session", reason: "the message has no WhatsApp session")
        }
        guard let session = try await store.load(sessionID) else {
            // A failover moved the session: its new owner's queue has the message.
            return .notHere(reason: "the message's session is not routed to this worker")
        }
        // Connected here under the generation the row names now, with the fence open.
        guard await supervisor.isConnected(session) else {
            if [.loggedOut, .failed].contains(session.status) {
                // It will not send again without the customer's action: fail now, credits released.
                return .fail(
                    code: "session_\(session.status.rawValue)", reason: "the session is \(session.status.rawValue)")
            }
            return .wait(after: .seconds(2), reason: "the session is not connected")
        }
        if let wait = try await pacing.take(sessionID, rules: session.pacing ?? defaultRules) {
            return .wait(after: wait, reason: "the session's pacing")
        }
        return .ready(session)
    }

    func lookUp(_ message: StoredMessage, through session: SessionStore.Session, since: Date) async
        -> SendLookupAnswer
    {
        switch await supervisor.lookup(session.id, Self.outgoing(message), since: since, messageID: message.id) {
        case .found(let providerMessageID): .found(providerMessageID: providerMessageID)
        case .notFound: .notFound
        case .pending: .pending(after: .seconds(5))
        }
    }

    func send(_ message: StoredMessage, through session: SessionStore.Session) async -> SendAnswer {
        let result = await supervisor.send(session, Self.outgoing(message))
        switch result {
        case .sent(let providerMessageID):
            return .accepted(providerMessageID: providerMessageID)
        case .permanentFailure(let code, let reason):
            return .permanentFailure(code: code, reason: reason)
        case .transientFailure(let code, let reason, let retryAfter, let rateLimited):
            if rateLimited { try? await pacing.pause(session.id, for: retryAfter ?? .seconds(900)) }
            return .transientFailure(
                code: code, reason: reason, retryAfter: retryAfter,
                mayHaveReachedProvider: result.mayHaveReachedProvider)
        }
    }

    func providerName(of session: SessionStore.Session) -> String { session.engine.rawValue }

    private static func outgoing(_ message: StoredMessage) -> OutgoingWhatsApp {
        OutgoingWhatsApp(to: message.recipient.e164, text: message.body, media: message.media, messageID: message.id)
    }
}
