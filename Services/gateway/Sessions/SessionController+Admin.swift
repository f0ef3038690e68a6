import Domain
import Foundation
import Hummingbird
import Outbox
import Redis

/// The sandbox "phone", behind the admin secret under `/api/admin/sessions/{id}`, for tests and demos; each
/// answers 202 once the command is on the session's worker, 404 for a session that is not a placed sandbox
/// one:
///
/// - `POST …/scan` → the phone scans the current QR;
/// - `POST …/pair` ``PairRequest`` → the phone enters the pairing code: 409 `no-pairing-code` without a live
///   one, 422 `wrong-pairing-code` when it differs (the session stays `qr_required`);
/// - `POST …/inbound` ``InboundMessageRequest`` → a contact's message to a connected session (409
///   `session-not-connected` otherwise), published as `whatsapp.received` on `inbound`;
/// - `POST …/disconnect` ``DisconnectRequest`` → the connection of a connected session drops (`transient`:
///   it reconnects), is unlinked by the phone (`loggedOut`) or banned (`banned`), or goes `silent` (the
///   watchdog reconnects it).
extension SessionController {
    /// A placed sandbox session, for the admin routes.
    struct SandboxSession {
        var id: UUID
        var accountID: UUID
        var workerID: String
        var status: SessionStatus?
    }

    func registerAdmin(on group: RouterGroup<GatewayRequestContext>) {
        group.post(":id/scan") { _, context in
            let session = try await sandboxSession(context)
            try await send(.scan, to: session)
            return Response(status: .accepted)
        }
        group.post(":id/pair") { request, context in
            let body = try await request.decodeStrict(PairRequest.self, context: context)
            let session = try await sandboxSession(context)
            let live = try await stores.redis.send("GET", placement.keys.pairingCode(session.id)).string ?? ""
            guard session.status == .qrRequired, !live.isEmpty else {
                throw ProblemDetails(
                    status: .conflict, type: "urn:auto-prospect:problem:no-pairing-code",
                    detail: "This session has no live pairing code.")
            }
            guard PairingCode.normalized(body.code) == live else {
                throw ProblemDetails(
                    status: .unprocessableContent, type: "urn:auto-prospect:problem:wrong-pairing-code",
                    detail: "This is not the session's pairing code.")
            }
            try await send(.pair, to: session, argument: .init(code: live))
            return Response(status: .accepted)
        }
        group.post(":id/inbound") { request, context in
            let body = try await request.decodeStrict(InboundMessageRequest.self, context: context)
            let session = try await connectedSandboxSession(context)
            let from = try PhoneNumber(body.from).e164
            try await send(.inbound, to: session, argument: .init(from: from, text: body.text))
            return Response(status: .accepted)
        }
        group.post(":id/disconnect") { request, context in
            let body = try await request.decodeStrict(DisconnectRequest.self, context: context)
            let session = try await connectedSandboxSession(context)
            try await send(.disconnect, to: session, argument: .init(disconnect: body.disconnectKind))
            return Response(status: .accepted)
        }
    }

    private func send(
        _ action: SessionCommand.Action, to session: SandboxSession, argument: SessionCommand.Argument? = nil
    ) async throws {
        try await placement.send(
            action, sessionID: session.id, accountID: session.accountID, workerID: session.workerID,
            argument: argument)
    }

    private func sandboxSession(_ context: GatewayRequestContext) async throws -> SandboxSession {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text),
            let row = try await stores.postgres.query(
                "select account_id, worker_id, engine, status from wa_sessions where id = $1", [id]
            ).first,
            let worker = try row.decode(String?.self, "worker_id"),
            try row.decode(String.self, "engine") == SessionEngine.sandbox.rawValue
        else {
            throw ProblemDetails(
                status: .notFound, type: "urn:auto-prospect:problem:unknown-session",
                detail: "There is no placed sandbox session with this id.")
        }
        return SandboxSession(
            id: id, accountID: try row.decode(UUID.self, "account_id"), workerID: worker,
            status: SessionStatus(rawValue: try row.decode(String.self, "status")))
    }

    private func connectedSandboxSession(_ context: GatewayRequestContext) async throws -> SandboxSession {
        let session = try await sandboxSession(context)
        guard session.status == .connected else {
            throw ProblemDetails(
                status: .conflict, type: "urn:auto-prospect:problem:session-not-connected",
                detail: "This session is not connected.")
        }
        return session
    }
}
