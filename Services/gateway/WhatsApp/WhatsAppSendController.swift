import Domain
import Foundation
import HTTPTypes
import Hummingbird
import JobRuntime
import Logging
import MessageStore
import Outbox
import Postgres
import ServiceRuntime

/// Sending WhatsApp messages, under `/api` (behind ``AccountAuthMiddleware``), through the same outbox and
/// credits as SMS (one `whatsapp` credit per message):
///
/// - `POST /api/sessions/{id}/send` ``SendWhatsAppRequest`` → 202 ``MessageResource``;
/// - `POST /api/whatsapp/text` ``WhatsAppTextRequest`` → the same, from the account's connected session with
///   that phone number (404 `unknown-sender` otherwise).
///
/// The message row and its credit hold are written in one transaction; the `wa.send` job goes to the
/// queue of the worker the session is routed to. `Idempotency-Key` works as for SMS (a replay repeats the
/// route, the session, the recipient and every field of the content); 402 when the account
/// lacks WhatsApp credits; 409 `session-not-active` for a logged-out, failed or stopped session.
struct WhatsAppSendController: Sendable {
    let stores: ServiceStores
    let messages: MessageRepository
    let events: MessageEventPublisher
    let rules: MessagingConfiguration

    struct SessionRow {
        var id: UUID
        var engine: String
        var status: SessionStatus
        var workerID: String?
    }

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.post("sessions/:id/send") { request, context in
            let key = try IdempotencyKey.read(from: request)
            let body = try await request.decodeStrict(SendWhatsAppRequest.self, context: context)
            guard let text = context.parameters.get("id"), let id = UUID(uuidString: text),
                let session = try await session(where: "id = $2", id, account: context.accountID)
            else { throw SessionController.unknownSession }
            var fingerprint = RequestFingerprint(route: "POST /api/sessions/{id}/send")
            fingerprint.add("session", session.id.uuidString.lowercased())
            body.addContent(to: &fingerprint)
            return try await send(
                from: session, to: body.to, field: "to", body: body.body, media: body.mediaJSON, key: key,
                fingerprint: fingerprint, context: context)
        }
        group.post("whatsapp/text") { request, context in
            let key = try IdempotencyKey.read(from: request)
            let body = try await request.decodeStrict(WhatsAppTextRequest.self, context: context)
            let sender = try? PhoneNumber(body.senderPhone, defaultRegion: rules.defaultRegion)
            guard let sender,
                let session = try await session(
                    where: "phone = $2 and status = 'connected'", sender.e164, account: context.accountID)
            else {
                throw ProblemDetails(
                    status: .notFound, type: "urn:auto-prospect:problem:unknown-sender",
                    detail: "This account has no connected WhatsApp session with this sender phone.")
            }
            var fingerprint = RequestFingerprint(route: "POST /api/whatsapp/text")
            fingerprint.add("sender", sender.e164)
            fingerprint.add("session", session.id.uuidString.lowercased())
            fingerprint.add("message", body.message)
            return try await send(
                from: session, to: body.recipientPhone, field: "recipientPhone", body: body.message, media: nil,
                key: key, fingerprint: fingerprint, context: context)
        }
    }

    /// Accepts the message; `fingerprint` holds the request's fields but the recipient, which is added once
    /// normalised.
    func send(
        from session: SessionRow, to recipientText: String, field: String, body: String, media: String?,
        key: String?, fingerprint: RequestFingerprint, context: AccountRequestContext
    ) async throws -> Response {
        guard let recipient = try? PhoneNumber(recipientText, defaultRegion: rules.defaultRegion) else {
            throw StrictJSON.invalid([
                .init(field: field, message: "must be a phone number in E.164 or national \(rules.defaultRegion) form")
            ])
        }
        guard session.status.holdsCapacity, let worker = session.workerID else {
            throw ProblemDetails(
                status: .conflict, type: "urn:auto-prospect:problem:session-not-active",
                detail: "The session is \(session.status); restart it before sending.")
        }
        var fingerprint = fingerprint
        fingerprint.add("recipient", recipient.e164)
        let request = NewMessage(
            accountID: context.accountID, channel: .whatsapp, provider: session.engine, recipient: recipient,
            body: body, segments: 1, idempotencyKey: key, sessionID: session.id, media: media,
            requestFingerprint: try fingerprint.sha256Hex())
        let accepted: AcceptedMessage
        do {
            accepted = try await messages.accept(request)
        } catch MessageStoreError.insufficientCredits(_, let required, let available) {
            throw ProblemDetails.insufficientCredits(required: required, available: available)
        } catch MessageStoreError.recipientBlocked {
            throw ProblemDetails.recipientBlocked
        }
        var message = accepted.message
        if accepted.isReplay {
            guard message.isReplay(of: request) else { throw ProblemDetails.idempotencyKeyReused }
        } else {
            await events.publish(message, detail: "accepted")
            message = await enqueue(message, worker: worker, logger: context.logger)
        }
        var response = try Response.json(MessageResource(message), status: accepted.isReplay ? .ok : .accepted)
        response.headers[.location] = "/api/messages/\(message.id.uuidString.lowercased())"
        if accepted.isReplay { response.headers[MessageAcceptance.replayedHeader] = "true" }
        return response
    }

    /// Enqueues `wa.send` on the session's worker and marks the message queued; on a Redis failure the
    /// message stays `pending` (the failover and restart paths re-enqueue open messages of a session).
    private func enqueue(_ message: StoredMessage, worker: String, logger: Logger) async -> StoredMessage {
        let keys = SessionKeys(prefix: stores.redisPrefix)
        do {
            let routed = try await stores.requestRedis.send(
                "HGET", keys.routes, keys.routeField(message.sessionID ?? UUID()))
            let queue = stores.requestQueue(named: QueueName.whatsAppWorker(routed.string ?? worker).rawValue)
            _ = try await queue.enqueue(WhatsAppSendJob.request(for: message))
            let queued = try await messages.markQueued(id: message.id)
            if queued.changed { await events.publish(queued.message) }
            return queued.message
        } catch {
            logger.warning(
                "WhatsApp message accepted but not enqueued",
                metadata: ["message.id": "\(message.id)", "error": "\(error)"])
            return message
        }
    }

    func session(where condition: String, _ value: any PostgresBindable, account: UUID) async throws
        -> SessionRow?
    {
        let rows = try await stores.postgres.query(
            "select id, engine, status, worker_id from wa_sessions where account_id = $1 and \(condition) limit 1",
            [account, value])
        guard let row = rows.first else { return nil }
        return SessionRow(
            id: try row.decode(UUID.self, "id"), engine: try row.decode(String.self, "engine"),
            status: SessionStatus(rawValue: try row.decode(String.self, "status")) ?? .failed,
            workerID: try row.decode(String?.self, "worker_id"))
    }
}
