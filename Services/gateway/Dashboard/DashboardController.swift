import Cryptography
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import JobRuntime
import MessageStore
import Postgres
import QRCode
import ServiceRuntime

/// The dashboard: server-rendered pages under `/dashboard` (and `/` → `/dashboard`), signed in with an account's
/// API key (its own view) or the admin secret (everything). The sign-in is a session cookie (HttpOnly,
/// SameSite=Strict, ``DashboardSessions``); every form carries the session's CSRF token (the sign-in form a
/// cookie-bound one of its own). Pages: the overview (queues, credits, workers; refreshed every 2 s, pausable),
/// messages (the API's search filters, keyset pages) with a message's status timeline, WhatsApp sessions with
/// the live QR and status over Server-Sent Events.
struct DashboardController: Sendable {
    let sessions: DashboardSessions
    let keys: APIKeyRepository
    let adminSecret: String
    let stores: ServiceStores
    let accountQueueStats: @Sendable (QueueName, UUID) async throws -> AccountQueueStats
    let workers: WorkerRegistry
    let sessionEvents: StreamFanOut
    let qrKey: @Sendable (UUID) -> String
    let secureCookies: Bool
    let region: PhoneRegion
    let sessionActions: SessionController
    let pairingKey: [UInt8]

    static let loginCSRFCookie = "ap_login_csrf"

    func register(on router: Router<GatewayRequestContext>) {
        router.get("/") { _, _ in Self.redirect("/dashboard") }
        let group = router.group("dashboard")
        group.get("login") { _, _ in try loginPage(error: nil) }
        group.post("login") { request, context in try await login(request, context) }
        group.post("logout") { request, context in try await logout(request, context) }
        group.get { request, _ in try await viewing(request) { try await overviewPage($0) } }
        group.get("overview.json") { request, _ in
            try await viewing(request) { try Response.json(try await overview($0)) }
        }
        group.get("messages") { request, _ in try await viewing(request) { try await messagesPage(request, $0) } }
        group.get("messages/:id") { request, context in
            try await viewing(request) { try await messagePage(context, $0) }
        }
        group.get("sessions") { request, _ in try await viewing(request) { try await sessionsPage(request, $0) } }
        group.get("sessions/:id") { request, context in
            try await viewing(request) { try await sessionPage(request, context, $0) }
        }
        group.get("sessions/:id/qr.svg") { request, context in
            try await viewing(request) { try await qrImage(context, $0) }
        }
        group.get("sessions/:id/events") { request, context in
            try await viewing(request) { try await sessionStream(context, $0) }
        }
        group.post("sessions/:id/pairing-code") { request, context in
            try await viewing(request) { viewer in try await pairingCode(request, context, viewer) }
        }
        group.post("sessions/bulk") { request, context in
            try await viewing(request) { viewer in try await bulk(request, context, viewer) }
        }
        for action in SessionAction.allCases {
            group.post("sessions/:id/\(action.rawValue)") { request, context in
                try await viewing(request) { viewer in
                    try await checkCSRF(request, context, viewer)
                    return try await perform(action, context, viewer)
                }
            }
        }
        group.get("dead-letters") { request, _ in try await viewing(request) { try await deadLettersPage(request, $0) }
        }
        group.post("dead-letters/:queue/:id/replay") { request, context in
            try await viewing(request) { viewer in
                try await checkCSRF(request, context, viewer)
                return try await replayDeadLetter(context, viewer, all: false)
            }
        }
        group.post("dead-letters/:queue/replay-all") { request, context in
            try await viewing(request) { viewer in
                try await checkCSRF(request, context, viewer)
                return try await replayDeadLetter(context, viewer, all: true)
            }
        }
        group.get("hunts") { request, _ in try await viewing(request) { try await huntsPage($0) } }
        group.get("leads") { request, _ in try await viewing(request) { try await leadsPage(request, $0) } }
        group.get("conversations") { request, _ in try await viewing(request) { try await conversationsPage($0) } }
        group.get("conversations/:id") { request, context in
            try await viewing(request) { try await conversationPage(context, $0) }
        }
        group.get("webhooks") { request, _ in try await viewing(request) { try await webhooksPage($0) } }
        let pairing = router.group("pair")
        pairing.get(":token") { _, context in try await pairingPage(context) }
        pairing.get(":token/qr.svg") { _, context in try await pairingQR(context) }
        pairing.get(":token/events") { _, context in try await pairingStream(context) }
    }

    // MARK: Signing in

    private func loginPage(error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let csrf = try SecureRandom.base64URLToken(byteCount: 24)
        let body = """
            \(error.map { "<p class=\"error\" id=\"login-error\">\(DashboardHTML.escape($0))</p>" } ?? "")
            <form method="post" action="/dashboard/login" id="login">
            <p><label>API key or admin secret<br><input type="password" name="secret" id="secret" autocomplete="off" required></label></p>
            <input type="hidden" name="csrf" value="\(csrf)"><button type="submit">Sign in</button></form>
            """
        var response = html(DashboardHTML.page(title: "Sign in", viewer: nil, body: body), status: status)
        response.setCookie(cookie(Self.loginCSRFCookie, csrf, maxAge: 3600, path: "/dashboard/login"))
        return response
    }

    private func login(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        let form = try await self.form(request, context)
        guard let expected = request.cookies[Self.loginCSRFCookie]?.value, let sent = form["csrf"],
            ConstantTimeComparison.equals(Array(sent.utf8), Array(expected.utf8))
        else { return try loginPage(error: "The form expired; sign in again.", status: .forbidden) }
        let secret = form["secret"] ?? ""
        let accountID: UUID?
        if ConstantTimeComparison.equals(Array(secret.utf8), Array(adminSecret.utf8)) {
            accountID = nil
        } else if case .valid(let account) = try await keys.authenticate(secret) {
            accountID = account
        } else {
            return try loginPage(error: "This is neither a live API key nor the admin secret.", status: .unauthorized)
        }
        let (token, _) = try await sessions.create(accountID: accountID)
        var response = Self.redirect("/dashboard")
        response.setCookie(cookie(DashboardSessions.cookieName, token, maxAge: DashboardSessions.lifetime, path: "/"))
        response.setCookie(cookie(Self.loginCSRFCookie, "", maxAge: 0, path: "/dashboard/login"))
        return response
    }

    private func logout(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        guard let token = request.cookies[DashboardSessions.cookieName]?.value,
            let viewer = try await sessions.viewer(token: token)
        else { return Self.redirect("/dashboard/login") }
        let form = try await self.form(request, context)
        guard let sent = form["csrf"], ConstantTimeComparison.equals(Array(sent.utf8), Array(viewer.csrf.utf8)) else {
            throw ProblemDetails(
                status: .forbidden, type: "urn:auto-prospect:problem:csrf",
                detail: "The form's CSRF token is missing or wrong.")
        }
        try await sessions.delete(token: token)
        var response = Self.redirect("/dashboard/login")
        response.setCookie(cookie(DashboardSessions.cookieName, "", maxAge: 0, path: "/"))
        return response
    }

    /// Runs `page` for the signed-in viewer, or sends the browser to the sign-in page.
    private func viewing(_ request: Request, _ page: (DashboardViewer) async throws -> Response) async throws
        -> Response
    {
        guard let token = request.cookies[DashboardSessions.cookieName]?.value,
            let viewer = try await sessions.viewer(token: token)
        else { return Self.redirect("/dashboard/login") }
        var response = try await page(viewer)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// 403 unless the form posts the session's CSRF token.
    func checkCSRF(_ request: Request, _ context: GatewayRequestContext, _ viewer: DashboardViewer) async throws {
        _ = try await checkedForm(request, context, viewer)
    }

    /// The form's fields, after checking it posts the session's CSRF token (403 otherwise).
    func checkedForm(_ request: Request, _ context: GatewayRequestContext, _ viewer: DashboardViewer) async throws
        -> FormParameters
    {
        let form = try await self.form(request, context)
        guard let sent = form["csrf"], ConstantTimeComparison.equals(Array(sent.utf8), Array(viewer.csrf.utf8)) else {
            throw ProblemDetails(
                status: .forbidden, type: "urn:auto-prospect:problem:csrf",
                detail: "The form's CSRF token is missing or wrong.")
        }
        return form
    }

    private func form(_ request: Request, _ context: GatewayRequestContext) async throws -> FormParameters {
        let body = try await request.body.collect(upTo: 16 * 1024)
        do {
            return try FormParameters(urlEncoded: Array(body.readableBytesView))
        } catch {
            throw ProblemDetails(status: .badRequest, detail: "The form is not application/x-www-form-urlencoded.")
        }
    }

    private func cookie(_ name: String, _ value: String, maxAge: Int, path: String) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: path, secure: secureCookies, httpOnly: true,
            sameSite: .strict)
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy:
                    "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'; img-src 'self' data:",
                HTTPField.Name("X-Frame-Options")!: "DENY",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
