import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MessageStore
import Outbox
import QRCode
import Redis
import ServiceRuntime

/// WhatsApp sessions, under `/api` (behind ``AccountAuthMiddleware``); another account's session is 404:
///
/// - `POST /api/sessions` ``NewSessionRequest`` → 201 ``SessionResource`` placed on the live worker with the
///   most free capacity; 503 `no-worker-capacity` when none has a slot; 409 `session-name-taken`;
/// - `GET /api/sessions`, `GET /api/sessions/{id}`;
/// - `GET /api/sessions/{id}/qr` → `{"qr": "<raw QR string>", "expiresInMs": n, "svg": "<svg…>", "png": "<base64>"}`
///   while a QR ref is live (404 `no-qr` otherwise); `?format=png` answers `image/png`, `?format=svg`
///   `image/svg+xml`;
/// - `POST /api/sessions/{id}/pairing-code` ``PairingCodeRequest`` → 200 `{"code": "XXXX-XXXX", "expiresInMs": n}`:
///   link with a phone number instead of a QR, while the session is `qr_required` (409 `session-not-pairing`
///   otherwise; 422 for a number that is not international digits); see `SessionController+PairingCode.swift`;
/// - `POST /api/sessions/{id}/restart`, `POST /api/sessions/{id}/logout` → 202, the command on its worker;
/// - `DELETE /api/sessions/{id}` → 204: the worker closes it, the row and route are removed, and its unsent
///   messages fail with `session_deleted` (credits released, in the deletion's transaction; events published);
/// - `GET /api/sessions/{id}/events` → Server-Sent Events of its status and QR changes (``SessionEventStream``);
///   429 `too-many-event-streams` when the account holds `AP_SSE_MAX_STREAMS_PER_ACCOUNT` open already;
///
/// And behind the admin secret, the sandbox "phone" (`SessionController+Admin.swift`): `scan` the current QR,
/// `pair` with the pairing code, send an `inbound` message, `disconnect` the connection (transient, logged
/// out, banned, silent).
///
/// A connected session whose connection drops is `reconnecting` while its worker reopens it with backoff, and
/// one silent for `AP_WA_WATCHDOG_SECONDS` is reconnected too; a logged-out or banned one is `logged_out` with
/// its auth state dropped (a ban's `lastError` starts with `banned:`).
struct SessionController: Sendable {
    let placement: SessionPlacement
    let seal: SessionAuthSeal
    let credentials: ChannelCredentialStore
    let events: MessageEventPublisher
    /// The gateway's one reader of the `events` stream, which the event streams subscribe to.
    let sessionEvents: StreamFanOut
    var stores: ServiceStores { placement.stores }

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.post("sessions") { request, context in
            let body = try await request.decodeStrict(NewSessionRequest.self, context: context)
            if body.sessionEngine == .twilio { try await requireTwilioCredentials(context.accountID) }
            let authState = body.initialAuthState(accountID: context.accountID)
            let seal = seal
            do {
                let session = try await placement.create(
                    accountID: context.accountID, name: body.name, engine: body.sessionEngine,
                    options: body.optionsJSON,
                    sealAuth: { id in try authState.map { try seal.seal($0, sessionID: id) } })
                context.logger.info(
                    "Session created",
                    metadata: ["session.id": "\(session.id)", "worker.id": "\(session.workerId ?? "-")"])
                var response = try Response.json(session, status: .created)
                response.headers[.location] = "/api/sessions/\(session.id)"
                return response
            } catch SessionPlacement.Failure.noCapacity {
                throw ProblemDetails(
                    status: .serviceUnavailable, type: "urn:auto-prospect:problem:no-worker-capacity",
                    detail: "No live WhatsApp worker has a free session slot; retry later.",
                    headers: [.retryAfter: "10"])
            } catch SessionPlacement.Failure.nameTaken {
                throw ProblemDetails(
                    status: .conflict, type: "urn:auto-prospect:problem:session-name-taken",
                    detail: "This account already has a session with this name.")
            }
        }
        group.get("sessions") { _, context in
            let rows = try await stores.postgres.query(
                "select \(SessionResource.columns) from wa_sessions where account_id = $1 order by created_at",
                [context.accountID])
            return try Response.json(try rows.map(SessionResource.init(row:)))
        }
        group.get("sessions/:id") { _, context in try Response.json(try await session(context)) }
        group.get("sessions/:id/qr") { request, context in try await qr(request, context) }
        group.get("sessions/:id/events") { _, context in try await eventStream(context) }
        group.post("sessions/:id/pairing-code") { request, context in try await pairingCode(request, context) }
        group.post("sessions/:id/restart") { _, context in try await command(.start, context, status: .starting) }
        group.post("sessions/:id/logout") { _, context in try await command(.logout, context, status: nil) }
        group.delete("sessions/:id") { _, context in
            try await remove(try await session(context), logger: context.logger)
            return Response(status: .noContent)
        }
    }

    /// Stops the session on its worker, drops its route and deletes it (``delete(sessionID:logger:)``).
    func remove(_ session: SessionResource, logger: Logger) async throws {
        let id = UUID(uuidString: session.id)!
        let accountID = try await owner(of: id)
        if let worker = session.workerId {
            try await placement.send(.stop, sessionID: id, accountID: accountID, workerID: worker)
        }
        _ = try await stores.redis.send("HDEL", placement.keys.routes, placement.keys.routeField(id))
        try await delete(sessionID: id, logger: logger)
    }

    /// The account a session belongs to.
    func owner(of id: UUID) async throws -> UUID {
        guard let row = try await stores.postgres.query("select account_id from wa_sessions where id = $1", [id]).first
        else { throw Self.unknownSession }
        return try row.decode(UUID.self, "account_id")
    }

    /// Deletes the row and, in the same transaction, fails the session's unsent messages (their holds
    /// released); then publishes their `message.status` events.
    private func delete(sessionID id: UUID, logger: Logger) async throws {
        let failed = try await stores.postgres.withTransaction { transaction in
            let failed = try await MessageRepository.failUnsent(
                sessionID: id, reason: .sessionDeleted, on: transaction)
            _ = try await transaction.execute("delete from wa_sessions where id = $1", [id])
            return failed
        }
        if !failed.isEmpty {
            logger.info(
                "Unsent messages of a deleted session failed",
                metadata: ["session.id": "\(id)", "messages.count": "\(failed.count)"])
        }
        await events.publish(
            failed.map {
                MessageStatusEvent(
                    message: $0, providerCode: UnsentFailure.sessionDeleted.rawValue,
                    detail: UnsentFailure.sessionDeleted.explanation)
            })
    }

    /// A Twilio session sends with the account's Twilio credentials: 422 when there are none.
    private func requireTwilioCredentials(_ accountID: UUID) async throws {
        do {
            _ = try await credentials.open(accountID: accountID, channel: .sms, provider: "twilio")
        } catch .credentialNotFound {
            throw ProblemDetails(
                status: .unprocessableContent, type: "urn:auto-prospect:problem:missing-credentials",
                detail: "Store the account's Twilio credentials first (PUT /api/channels/sms/credentials/twilio).")
        }
    }

    func session(_ context: AccountRequestContext) async throws -> SessionResource {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text),
            let row = try await stores.postgres.query(
                "select \(SessionResource.columns) from wa_sessions where id = $1 and account_id = $2",
                [id, context.accountID]
            ).first
        else { throw Self.unknownSession }
        return try SessionResource(row: row)
    }

    /// The live QR as JSON (`{qr, expiresInMs, svg, png}`, PNG in base64), or with `?format=png` /
    /// `?format=svg` as the image itself.
    private func qr(_ request: Request, _ context: AccountRequestContext) async throws -> Response {
        let session = try await session(context)
        let key = placement.keys.qr(UUID(uuidString: session.id)!)
        let replies = try await stores.redis.pipeline([RedisCommandBuilder.get(key), RedisCommandBuilder.pttl(key)])
        guard let qr = try replies[0].orThrow().string, let ttl = try replies[1].orThrow().int, ttl > 0 else {
            throw ProblemDetails(
                status: .notFound, type: "urn:auto-prospect:problem:no-qr",
                detail: "This session has no live QR code (not waiting for a scan, or the ref expired).")
        }
        let matrix: QRMatrix
        do {
            matrix = try QRCode.encode(qr)
        } catch {
            throw ProblemDetails(status: .internalServerError, detail: "The QR string could not be encoded.")
        }
        var response: Response
        switch request.uri.queryParameters.get("format") {
        case nil, "json":
            response = try Response.json(
                QRResource(
                    qr: qr, expiresInMs: ttl, svg: matrix.svg(),
                    png: Data(matrix.png()).base64EncodedString()))
        case "png":
            let png = matrix.png()
            response = Response(
                status: .ok, headers: [.contentType: "image/png", .contentLength: String(png.count)],
                body: .init(byteBuffer: ByteBuffer(bytes: png)))
        case "svg":
            response = Response(
                status: .ok, headers: [.contentType: "image/svg+xml"],
                body: .init(byteBuffer: ByteBuffer(string: matrix.svg())))
        default:
            throw ProblemDetails(
                status: .badRequest, type: "urn:auto-prospect:problem:invalid-parameter",
                detail: "The query parameter format must be json, png or svg.",
                errors: [.init(field: "format", message: "must be json, png or svg")])
        }
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func command(
        _ action: SessionCommand.Action, _ context: AccountRequestContext, status: SessionStatus?
    ) async throws -> Response {
        try await command(action, try await session(context), status: status)
        return Response(status: .accepted)
    }

    /// Sends `action` to the session's worker, first moving the row to `status` (a restart: a new assignment).
    func command(_ action: SessionCommand.Action, _ session: SessionResource, status: SessionStatus?) async throws {
        guard let worker = session.workerId else { throw Self.unknownSession }
        let id = UUID(uuidString: session.id)!
        let accountID = try await owner(of: id)
        if let status {
            // A restart is a new assignment: the connection it replaces can no longer write the session.
            let generation = action == .start ? ", owner_generation = owner_generation + 1" : ""
            _ = try await stores.postgres.execute(
                "update wa_sessions set status = $2, last_error = null\(generation), updated_at = now() where id = $1",
                [id, status.rawValue])
        }
        try await placement.send(action, sessionID: id, accountID: accountID, workerID: worker)
    }

    static let unknownSession = ProblemDetails(
        status: .notFound, type: "urn:auto-prospect:problem:unknown-session",
        detail: "This account has no session with this id.")
}

/// `GET /api/sessions/{id}/qr` as JSON. The QR string is a credential (it embeds the pairing secret): it is
/// never logged and never cached.
struct QRResource: Codable, Sendable {
    var qr: String
    var expiresInMs: Int
    /// The QR as an SVG document.
    var svg: String
    /// The QR as a PNG image, base64.
    var png: String
}

/// Commands for ``RedisPool/pipeline(_:)``.
enum RedisCommandBuilder {
    static func get(_ key: String) -> RedisCommand { RedisCommand("GET", key) }
    static func pttl(_ key: String) -> RedisCommand { RedisCommand("PTTL", key) }
}
