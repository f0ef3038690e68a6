import Foundation
import Hummingbird

/// `/pair/<token>`: a pairing link's page, for the phone's owner, without any sign-in: the session's QR and
/// status while the link lasts; an expired link says so (410), a forged or unknown one is a 404.
extension DashboardController {
    private enum Linked {
        case session(SessionResource)
        case expired
        case unknown
    }

    private func linked(_ context: GatewayRequestContext) async throws -> Linked {
        guard let token = context.parameters.get("token"), let link = PairingLink(token: token, key: pairingKey) else {
            return .unknown
        }
        if link.isExpired { return .expired }
        let rows = try await stores.postgres.query(
            "select \(SessionResource.columns) from wa_sessions where id = $1", [link.sessionID])
        return try rows.first.map { .session(try SessionResource(row: $0)) } ?? .unknown
    }

    func pairingPage(_ context: GatewayRequestContext) async throws -> Response {
        switch try await linked(context) {
        case .unknown:
            return html(
                DashboardHTML.page(title: "Pairing", viewer: nil, body: "<p>This link is not valid.</p>"),
                status: .notFound)
        case .expired:
            return html(
                DashboardHTML.page(
                    title: "Pairing", viewer: nil,
                    body: "<p id=\"expired\">This link has expired; ask for a new one.</p>"),
                status: .gone)
        case .session(let session):
            let base = "/pair/" + DashboardHTML.escape(context.parameters.get("token") ?? "")
            return html(
                DashboardHTML.page(
                    title: "Link WhatsApp", viewer: nil, body: Self.liveSection(session, base: base),
                    script: Self.liveScript(base: base)))
        }
    }

    func pairingQR(_ context: GatewayRequestContext) async throws -> Response {
        guard case .session(let session) = try await linked(context) else { return Response(status: .notFound) }
        return try await qrImage(of: session)
    }

    func pairingStream(_ context: GatewayRequestContext) async throws -> Response {
        guard case .session(let session) = try await linked(context) else { return Response(status: .notFound) }
        // Counted per session against the event-stream cap: a link's pages never crowd out another's.
        return try await stream(session, account: "pairing:" + session.id)
    }
}
