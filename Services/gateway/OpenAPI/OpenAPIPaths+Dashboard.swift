/// The dashboard's pages (HTML, signed in by cookie: without one every page answers 303 to the sign-in page).
extension OpenAPIDocument {
    static func dashboardOperations() -> [OpenAPIOperation] {
        let s = Schema.self
        let redirect: (Int, String, JSONObject?) = (303, "Not signed in: to /dashboard/login.", nil)
        func page(_ path: String, _ summary: String, type: String = "text/html") -> OpenAPIOperation {
            .init(
                "get", path, tag: "Dashboard", summary, auth: .none,
                responses: [(200, "The page.", s.string()), redirect, (404, "Not the viewer's.", s.string())],
                responseType: type)
        }
        return [
            .init(
                "get", "/", tag: "Dashboard", "To the dashboard.", auth: .none,
                responses: [(303, "To /dashboard.", nil)]),
            .init(
                "get", "/dashboard/login", tag: "Dashboard", "The sign-in form (sets its CSRF cookie).", auth: .none,
                responses: [(200, "The form.", s.string())], responseType: "text/html"),
            .init(
                "post", "/dashboard/login", tag: "Dashboard",
                "Sign in with an API key or the admin secret: a session cookie (HttpOnly, SameSite=Strict).",
                auth: .none,
                body: s.closed(["secret": s.string(), "csrf": s.string()]),
                bodyType: "application/x-www-form-urlencoded",
                responses: [
                    (303, "Signed in: to /dashboard.", nil),
                    (401, "Not a live key nor the secret: the form again.", s.string()),
                    (403, "The form's CSRF token is missing or expired: the form again.", s.string()),
                ], responseType: "text/html"),
            .init(
                "post", "/dashboard/logout", tag: "Dashboard", "Sign out (the session's CSRF token in the form).",
                auth: .none, body: s.closed(["csrf": s.string()]), bodyType: "application/x-www-form-urlencoded",
                responses: [(303, "To the sign-in page.", nil)]),
            page("/dashboard", "Overview: queues, credits, workers, refreshed live."),
            .init(
                "get", "/dashboard/overview.json", tag: "Dashboard", "The overview's figures (its live refresh).",
                auth: .none, responses: [(200, "Figures.", s.anyObject()), redirect]),
            page("/dashboard/messages", "Messages with the search filters."),
            page("/dashboard/messages/{id}", "A message and its status timeline."),
            page("/dashboard/sessions", "WhatsApp sessions."),
            page("/dashboard/sessions/{id}", "A session: live status and QR code."),
            page("/dashboard/sessions/{id}/qr.svg", "The session's live QR code.", type: "image/svg+xml"),
            page(
                "/dashboard/sessions/{id}/events", "The session's status as Server-Sent Events.",
                type: "text/event-stream"),
            page("/dashboard/dead-letters", "Dead letters with their Replay buttons."),
            page("/dashboard/hunts", "Hunts with their sends, leads and replies."),
            page("/dashboard/leads", "Leads by stage."),
            page("/dashboard/conversations", "Conversations, newest activity first."),
            page("/dashboard/conversations/{id}", "A conversation: both directions, oldest first."),
            page("/dashboard/webhooks", "Webhook endpoints with their last deliveries."),
            .init(
                "post", "/dashboard/dead-letters/{queue}/{id}/replay", tag: "Dashboard", "Replay one dead letter.",
                auth: .none, body: s.closed(["csrf": s.string()]), bodyType: "application/x-www-form-urlencoded",
                responses: [(303, "Back to the list, or not signed in.", nil)]),
            .init(
                "post", "/dashboard/dead-letters/{queue}/replay-all", tag: "Dashboard",
                "Replay a queue's dead letters.",
                auth: .none, body: s.closed(["csrf": s.string()]), bodyType: "application/x-www-form-urlencoded",
                responses: [(303, "Back to the list, or not signed in.", nil)]),
        ] + sessionActionOperations()
    }

    /// The session page's buttons and the pairing link's public page.
    private static func sessionActionOperations() -> [OpenAPIOperation] {
        let s = Schema.self
        let actions: [OpenAPIOperation] = ["restart", "logout", "delete", "pairing-link"].map { action in
            .init(
                "post", "/dashboard/sessions/{id}/\(action)", tag: "Dashboard",
                "The session page's \(action) button (the session's CSRF token in the form).", auth: .none,
                body: s.closed(["csrf": s.string()]), bodyType: "application/x-www-form-urlencoded",
                responses: [
                    (303, "Done: back to the page (or the list), or not signed in.", nil),
                    (404, "Not the viewer's.", s.string()),
                ], responseType: "text/html")
        }
        return actions + [
            .init(
                "post", "/dashboard/sessions/{id}/pairing-code", tag: "Dashboard",
                "The session page's link-by-number form: the code to enter on the phone, shown on the page.",
                auth: .none,
                body: s.closed(["csrf": s.string(), "phoneNumber": s.string()]),
                bodyType: "application/x-www-form-urlencoded",
                responses: [
                    (200, "The page with the code.", s.string()), (303, "Not signed in.", nil),
                    (404, "Not the viewer's.", s.string()),
                ],
                responseType: "text/html"),
            .init(
                "post", "/dashboard/sessions/bulk", tag: "Dashboard",
                "The sessions list's bulk form: restart, log out or delete the selected sessions.", auth: .none,
                body: s.closed(["csrf": s.string(), "action": s.string(), "session": s.string()]),
                bodyType: "application/x-www-form-urlencoded",
                responses: [(303, "Back to the list, or not signed in.", nil)]),
            .init(
                "get", "/pair/{token}", tag: "Dashboard",
                "A pairing link's page: the session's QR and status, without sign-in, for 10 minutes.", auth: .none,
                responses: [
                    (200, "The page.", s.string()), (404, "Not a valid link.", s.string()),
                    (410, "Expired.", s.string()),
                ],
                responseType: "text/html"),
            .init(
                "get", "/pair/{token}/qr.svg", tag: "Dashboard", "The linked session's live QR.", auth: .none,
                responses: [(200, "The QR.", s.string()), (404, "None.", nil)], responseType: "image/svg+xml"),
            .init(
                "get", "/pair/{token}/events", tag: "Dashboard", "The linked session's status as Server-Sent Events.",
                auth: .none,
                responses: [(200, "Events.", s.open(["event": s.string(), "data": s.string()])), (404, "None.", nil)],
                responseType: "text/event-stream"),
        ]
    }
}
