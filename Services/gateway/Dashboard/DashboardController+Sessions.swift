import Domain
import Foundation
import Hummingbird
import Postgres
import QRCode
import Redis

/// WhatsApp sessions: the list, and a session's page with its live QR code (an SVG the page reloads on each
/// `session.qr` event) and its status over Server-Sent Events (the API's event stream, signed in by cookie).
extension DashboardController {
    private func sessionRows(_ viewer: DashboardViewer, id: UUID? = nil) async throws -> [SessionResource] {
        var conditions: [String] = []
        var parameters: [any PostgresBindable] = []
        if let account = viewer.accountID {
            parameters.append(account)
            conditions.append("account_id = $\(parameters.count)")
        }
        if let id {
            parameters.append(id)
            conditions.append("id = $\(parameters.count)")
        }
        let filter = conditions.isEmpty ? "" : "where " + conditions.joined(separator: " and ")
        return try await stores.postgres.query(
            "select \(SessionResource.columns) from wa_sessions \(filter) order by created_at limit 500", parameters
        ).map(SessionResource.init(row:))
    }

    func sessionsPage(_ request: Request, _ viewer: DashboardViewer) async throws -> Response {
        let e = DashboardHTML.escape
        var body = request.uri.queryParameters.get("done").map { "<p id=\"bulk-done\">\(e(String($0)))</p>" } ?? ""
        body += """
            <form method="post" action="/dashboard/sessions/bulk" id="bulk">\
            <input type="hidden" name="csrf" value="\(e(viewer.csrf))">\
            <div class="scroll"><table id="sessions"><tr><th></th><th>Name</th><th>Engine</th><th>Status</th>\
            <th class="hide-narrow">Phone</th></tr>
            """
        for session in try await sessionRows(viewer) {
            body += """
                <tr><td><input type="checkbox" name="session" value="\(e(session.id))" aria-label="Select \(e(session.name))"></td>\
                <td><a href="/dashboard/sessions/\(e(session.id))">\(e(session.name))</a></td><td>\(e(session.engine))</td>\
                <td class="status">\(e(session.status))</td><td class="hide-narrow">\(e(session.phone ?? "-"))</td></tr>
                """
        }
        body += """
            </table></div><p><select name="action" aria-label="Action"><option value="restart">Restart</option>\
            <option value="logout">Log out</option><option value="delete">Delete</option></select> \
            <button type="submit" id="bulk-apply">Apply to the selected sessions</button></p></form>\
            <p>Create sessions with <code>POST /api/sessions</code>.</p>
            """
        return html(DashboardHTML.page(title: "WhatsApp sessions", viewer: viewer, body: body))
    }

    private func session(_ context: GatewayRequestContext, _ viewer: DashboardViewer) async throws -> SessionResource? {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { return nil }
        return try await sessionRows(viewer, id: id).first
    }

    /// What the session page's buttons do.
    enum SessionAction: String, CaseIterable, Sendable {
        case restart, logout, delete
        case pairingLink = "pairing-link"
    }

    func perform(_ action: SessionAction, _ context: GatewayRequestContext, _ viewer: DashboardViewer) async throws
        -> Response
    {
        guard let session = try await session(context, viewer), let id = UUID(uuidString: session.id) else {
            return html(
                DashboardHTML.page(title: "Session", viewer: viewer, body: "<p>No such session.</p>"), status: .notFound
            )
        }
        let page = "/dashboard/sessions/\(session.id)"
        switch action {
        case .restart: try await sessionActions.command(.start, session, status: .starting)
        case .logout: try await sessionActions.command(.logout, session, status: nil)
        case .delete:
            try await sessionActions.remove(session, logger: context.logger)
            return Self.redirect("/dashboard/sessions")
        case .pairingLink:
            let link = PairingLink(sessionID: id, expires: Date().addingTimeInterval(PairingLink.lifetime))
            return Self.redirect(page + "?link=" + (try link.token(key: pairingKey)))
        }
        return Self.redirect(page)
    }

    /// The list's bulk form: one action on every selected session of the viewer's.
    func bulk(_ request: Request, _ context: GatewayRequestContext, _ viewer: DashboardViewer) async throws -> Response
    {
        let form = try await checkedForm(request, context, viewer)
        guard let action = form["action"].flatMap(SessionAction.init(rawValue:)), action != .pairingLink else {
            return Self.redirect("/dashboard/sessions?done=Choose+an+action.")
        }
        var done = 0
        for field in form.fields where field.name == "session" {
            guard let id = UUID(uuidString: field.value), let session = try await sessionRows(viewer, id: id).first
            else {
                continue
            }
            switch action {
            case .restart: try await sessionActions.command(.start, session, status: .starting)
            case .logout: try await sessionActions.command(.logout, session, status: nil)
            case .delete: try await sessionActions.remove(session, logger: context.logger)
            case .pairingLink: continue
            }
            done += 1
        }
        let summary = "\(action.rawValue): \(done) sessions"
        return Self.redirect(
            "/dashboard/sessions?done=" + (summary.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
    }

    /// The session page's "link with a phone number" form: the code to enter on the phone, shown on the page.
    func pairingCode(_ request: Request, _ context: GatewayRequestContext, _ viewer: DashboardViewer) async throws
        -> Response
    {
        let form = try await checkedForm(request, context, viewer)
        guard let session = try await session(context, viewer), let id = UUID(uuidString: session.id) else {
            return html(
                DashboardHTML.page(title: "Session", viewer: viewer, body: "<p>No such session.</p>"), status: .notFound
            )
        }
        let phone = (form["phoneNumber"] ?? "").filter(\.isNumber)
        guard PairingCode.isLinkablePhoneNumber(phone) else {
            return try await sessionPage(
                request, context, viewer, notice: "The number must be 7 to 15 digits, international, without + or 0.")
        }
        do {
            let code = try await sessionActions.pairingCode(
                for: session, accountID: try await sessionActions.owner(of: id), phoneNumber: phone)
            return try await sessionPage(
                request, context, viewer,
                notice: "On the phone: Linked devices → Link with phone number, then enter <strong id=\"pairing-code\">"
                    + DashboardHTML.escape(code.code) + "</strong> (valid \(code.expiresInMs / 1000) s).",
                noticeIsHTML: true)
        } catch let problem as ProblemDetails {
            return try await sessionPage(
                request, context, viewer, notice: problem.detail ?? "The worker did not answer.")
        }
    }

    func sessionPage(
        _ request: Request, _ context: GatewayRequestContext, _ viewer: DashboardViewer, notice: String? = nil,
        noticeIsHTML: Bool = false
    ) async throws -> Response {
        let e = DashboardHTML.escape
        guard let session = try await session(context, viewer) else {
            return html(
                DashboardHTML.page(title: "Session", viewer: viewer, body: "<p>No such session.</p>"), status: .notFound
            )
        }
        let base = "/dashboard/sessions/\(e(session.id))"
        func button(_ action: SessionAction, _ label: String) -> String {
            """
            <form method="post" action="\(base)/\(action.rawValue)" class="inline">\
            <input type="hidden" name="csrf" value="\(e(viewer.csrf))">\
            <button type="submit" id="session-\(action.rawValue)">\(label)</button></form>
            """
        }
        var link = ""
        if let token = request.uri.queryParameters.get("link").map({ String($0) }),
            PairingLink(token: token, key: pairingKey) != nil
        {
            link = """
                <p>Send this link to the phone's owner: it shows this QR code and nothing else, for 10 minutes.<br>\
                <a id="pairing-url" href="/pair/\(e(token))">Pairing link</a></p>
                """
        }
        let pairing = """
            <form method="post" action="\(base)/pairing-code" id="pairing-code-form"><input type="hidden" name="csrf" \
            value="\(e(viewer.csrf))"><label>Or link with the phone's number (international, digits only) \
            <input name="phoneNumber" id="pairing-phone" inputmode="numeric"></label> \
            <button type="submit" id="pairing-code-button">Get a code</button></form>
            """
        let message = notice.map { "<p id=\"notice\">\(noticeIsHTML ? $0 : e($0))</p>" } ?? ""
        let body =
            message + Self.liveSection(session, base: base)
            + (session.status == "qr_required" ? pairing : "")
            + "<p>\(button(.restart, "Restart")) \(button(.logout, "Log out")) \(button(.delete, "Delete")) "
            + "\(button(.pairingLink, "Create a pairing link"))</p>\(link)"
        return html(
            DashboardHTML.page(title: "Session", viewer: viewer, body: body, script: Self.liveScript(base: base)))
    }

    /// The status line and the QR box, which ``liveScript(base:)`` keeps current.
    static func liveSection(_ session: SessionResource, base: String) -> String {
        let e = DashboardHTML.escape
        return """
            <p>\(e(session.name)) · \(e(session.engine)) · status <span class="status" id="status">\(e(session.status))</span>\
            <span id="phone">\(e(session.phone ?? ""))</span></p>
            <div id="qr-box" \(session.status == "qr_required" ? "" : "hidden")><p>Scan with WhatsApp on the phone \
            (Linked devices). The code rotates.</p><img class="qr" id="qr" alt="QR code" src="\(base)/qr.svg?t=0"></div>
            """
    }

    /// Follows `<base>/events`: the status, and a fresh QR image on each `session.qr`.
    static func liveScript(base: String) -> String {
        """
        const statusEl = document.getElementById('status'), box = document.getElementById('qr-box'), img = document.getElementById('qr');
        function show(status, phone) {
          statusEl.textContent = status; box.hidden = status !== 'qr_required';
          if (phone) document.getElementById('phone').textContent = ' · ' + phone;
        }
        const events = new EventSource('\(base)/events');
        function handle(e) { const d = JSON.parse(e.data); show(d.status, d.phone); if (d.status === 'qr_required') img.src = '\(base)/qr.svg?t=' + Date.now(); }
        events.addEventListener('session.status', handle); events.addEventListener('session.qr', handle);
        events.addEventListener('session', handle); events.onmessage = handle;
        """
    }

    func qrImage(_ context: GatewayRequestContext, _ viewer: DashboardViewer) async throws -> Response {
        guard let session = try await session(context, viewer) else { return Response(status: .notFound) }
        return try await qrImage(of: session)
    }

    func qrImage(of session: SessionResource) async throws -> Response {
        guard let id = UUID(uuidString: session.id),
            let qr = try await stores.redis.send("GET", qrKey(id)).orThrow().string,
            let matrix = try? QRCode.encode(qr)
        else { return Response(status: .notFound, headers: [.cacheControl: "no-store"]) }
        return Response(
            status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: matrix.svg())))
    }

    func sessionStream(_ context: GatewayRequestContext, _ viewer: DashboardViewer) async throws -> Response {
        guard let session = try await session(context, viewer) else { return Response(status: .notFound) }
        return try await stream(session, account: viewer.accountID?.uuidString.lowercased() ?? "operator")
    }

    /// Subscribes first, then reads the state the stream starts with: a change published in between is in the
    /// subscription, never lost between the read and the subscribe.
    func stream(_ session: SessionResource, account: String) async throws -> Response {
        switch sessionEvents.subscribe(topic: session.id, account: account) {
        case .success(let subscription):
            let current =
                try? await stores.postgres.query(
                    "select \(SessionResource.columns) from wa_sessions where id = $1", [UUID(uuidString: session.id)!]
                ).first.map(SessionResource.init(row:))
            return SessionEventStream(subscription: subscription).response(current: (current ?? nil) ?? session)
        case .failure:
            throw ProblemDetails(
                status: .tooManyRequests, type: "urn:auto-prospect:problem:too-many-event-streams",
                detail: "Too many open event streams; close a page or retry later.", headers: [.retryAfter: "5"])
        }
    }
}
