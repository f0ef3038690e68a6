import Foundation
import JobRuntime
import Logging
import MessageStore
import Outbox

/// Handles `wa.send` jobs on this worker's queue: loads the message, skips it when it is past sending or its
/// session is no longer routed here (a failover re-enqueued it on the new owner), waits (without using an
/// attempt) while the session is not connected or its pacing says so, then sends through the engine and
/// records `sent` (credits committed) or `failed` (hold released) on the message.
struct WhatsAppSendHandler: Sendable {
    let supervisor: SessionSupervisor
    let store: SessionStore
    let messages: MessageRepository
    let events: MessageEventPublisher
    let pacing: SendPacing
    let defaultRules: SendPacing.Rules
    let logger: Logger

    func handle(_ job: Job) async throws {
        guard let id = WhatsAppSendJob.messageID(in: job.payload) else {
            throw JobFailure.permanent("the wa.send payload is not {\"messageId\": uuid}")
        }
        guard let message = try await messages.load(id: id), let sessionID = message.sessionID else {
            throw JobFailure.permanent("message \(id) does not exist or has no session")
        }
        if message.status.isPastSending { return }
        guard let session = try await store.load(sessionID) else {
            logger.info("message's session is not routed here, skipped", metadata: ["message.id": "\(id)"])
            return
        }
        guard await supervisor.isConnected(sessionID) else {
            if [.loggedOut, .failed].contains(session.status) {
                // It will not send again without the customer's action: fail now, credits released.
                let code = "session_\(session.status.rawValue)"
                let failed = try await messages.markFailed(
                    id: id, errorCode: code, errorMessage: "the session is \(session.status.rawValue)")
                if failed.changed { await events.publish(failed.message, providerCode: code) }
                return
            }
            throw JobFailure.rateLimited(retryAfter: .seconds(2))
        }
        if let wait = try await pacing.take(sessionID, rules: session.pacing ?? defaultRules) {
            throw JobFailure.rateLimited(retryAfter: wait)
        }
        let outgoing = OutgoingWhatsApp(
            to: message.recipient.e164, text: message.body, media: message.media, messageID: id)
        if let previous = try await messages.claimSend(id: id) {
            // An earlier attempt may have reached the provider without its answer being recorded.
            switch await supervisor.lookup(sessionID, outgoing, since: previous, messageID: id) {
            case .found(let providerMessageID):
                logger.info(
                    "message found at the provider after an interrupted attempt", metadata: ["message.id": "\(id)"])
                return try await record(.sent(providerMessageID: providerMessageID), id: id, session: session, job: job)
            case .pending:
                try await messages.restoreSendClaim(id: id, startedAt: previous)
                throw JobFailure.rateLimited(retryAfter: .seconds(5))
            case .notFound:
                logger.warning("message sent again after an interrupted attempt", metadata: ["message.id": "\(id)"])
            }
        }
        let result = await supervisor.send(sessionID, outgoing)
        if case .transientFailure = result, !result.mayHaveReachedProvider {
            // The provider answered without taking it: the next attempt need not ask first.
            try await messages.releaseSendClaim(id: id)
        }
        try await record(result, id: id, session: session, job: job)
    }

    private func record(_ result: EngineSendResult, id: UUID, session: SessionStore.Session, job: Job) async throws {
        let sessionID = session.id
        switch result {
        case .sent(let providerMessageID):
            let sent = try await messages.markSent(
                id: id, provider: session.engine.rawValue, providerMessageID: providerMessageID)
            if sent.changed { await events.publish(sent.message) }
        case .permanentFailure(let code, let reason):
            let failed = try await messages.markFailed(id: id, errorCode: code, errorMessage: reason)
            if failed.changed { await events.publish(failed.message, providerCode: code, detail: reason) }
        case .transientFailure(let code, let reason, let retryAfter, let rateLimited):
            if rateLimited { try await pacing.pause(sessionID, for: retryAfter ?? .seconds(900)) }
            guard job.isLastAttempt else { throw JobFailure.transient(reason, retryAfter: retryAfter) }
            let failed = try await messages.markFailed(id: id, errorCode: code, errorMessage: reason)
            if failed.changed { await events.publish(failed.message, providerCode: code, detail: reason) }
        }
    }
}
