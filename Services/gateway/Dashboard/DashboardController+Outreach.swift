import Foundation
import Hummingbird
import Postgres

/// The outreach pages: hunts (with their messages and leads), leads by stage, conversations with their
/// messages, and webhook endpoints with their last deliveries. Read-only views; the API changes them.
extension DashboardController {
    /// `account_id = $1` for an account's view, nothing for the operator's.
    private func scope(_ viewer: DashboardViewer, column: String = "account_id") -> (String, [any PostgresBindable]) {
        guard let account = viewer.accountID else { return ("true", []) }
        return ("\(column) = $1", [account])
    }

    func huntsPage(_ viewer: DashboardViewer) async throws -> Response {
        let e = DashboardHTML.escape
        let (filter, parameters) = scope(viewer, column: "h.account_id")
        let rows = try await stores.postgres.query(
            """
            select h.id, h.name, h.status, h.daily_limit, h.last_scan_at,
                (select count(*) from messages m where m.hunt_id = h.id and m.status in ('sent', 'delivered', 'read'))::int as sent,
                (select count(*) from leads l where l.hunt_id = h.id)::int as leads,
                (select count(*) from leads l where l.hunt_id = h.id and l.stage in ('replied', 'interested', 'won'))::int as replied
            from hunts h where \(filter) order by h.created_at desc limit 200
            """, parameters)
        var body = """
            <div class="scroll"><table id="hunts"><tr><th>Hunt</th><th>Status</th><th>Sent</th><th>Leads</th><th>Replied</th>\
            <th class="hide-narrow">Daily limit</th><th class="hide-narrow">Last scan</th></tr>
            """
        for row in rows {
            let scan = try row.decode(Date?.self, "last_scan_at").map { $0.formatted(.iso8601) } ?? "-"
            body += """
                <tr><td>\(e(try row.decode(String.self, "name")))</td><td>\(e(try row.decode(String.self, "status")))</td>\
                <td>\(try row.decode(Int.self, "sent"))</td><td>\(try row.decode(Int.self, "leads"))</td>\
                <td>\(try row.decode(Int.self, "replied"))</td>\
                <td class="hide-narrow">\(try row.decode(Int?.self, "daily_limit").map(String.init) ?? "-")</td>\
                <td class="hide-narrow">\(scan)</td></tr>
                """
        }
        body +=
            "</table></div>" + (rows.isEmpty ? "<p>No hunt yet: create one with <code>POST /api/hunts</code>.</p>" : "")
        return html(DashboardHTML.page(title: "Hunts", viewer: viewer, body: body))
    }

    func leadsPage(_ request: Request, _ viewer: DashboardViewer) async throws -> Response {
        let e = DashboardHTML.escape
        let stages = ["new", "contacted", "replied", "interested", "won", "lost", "opted_out"]
        let stage = request.uri.queryParameters.get("stage").map { String($0) }.flatMap {
            stages.contains($0) ? $0 : nil
        }
        var (filter, parameters) = scope(viewer, column: "l.account_id")
        var counts: [String: Int] = [:]
        for row in try await stores.postgres.query(
            "select l.stage, count(*)::int as n from leads l where \(filter) group by l.stage", parameters)
        {
            counts[try row.decode(String.self, "stage")] = try row.decode(Int.self, "n")
        }
        if let stage {
            parameters.append(stage)
            filter += " and l.stage = $\(parameters.count)"
        }
        let rows = try await stores.postgres.query(
            """
            select l.stage, l.updated_at, a.title, a.city, a.phone, h.name as hunt
            from leads l join ads a on a.id = l.ad_id left join hunts h on h.id = l.hunt_id
            where \(filter) order by l.updated_at desc limit 200
            """, parameters)
        var body = "<p id=\"stages\">"
        for name in stages {
            let label = "\(name) (\(counts[name] ?? 0))"
            body +=
                name == stage
                ? "<strong>\(e(label))</strong> " : "<a href=\"/dashboard/leads?stage=\(name)\">\(e(label))</a> "
        }
        body += """
            <a href="/dashboard/leads">all</a></p><div class="scroll"><table id="leads"><tr><th>Stage</th><th>Ad</th>\
            <th class="hide-narrow">City</th><th>Number</th><th class="hide-narrow">Hunt</th><th>Updated</th></tr>
            """
        for row in rows {
            body += """
                <tr><td class="status">\(e(try row.decode(String.self, "stage")))</td><td>\(e(try row.decode(String.self, "title")))</td>\
                <td class="hide-narrow">\(e(try row.decode(String?.self, "city") ?? ""))</td>\
                <td>\(e(try row.decode(String?.self, "phone").map(Self.masked) ?? "-"))</td>\
                <td class="hide-narrow">\(e(try row.decode(String?.self, "hunt") ?? "-"))</td>\
                <td>\(try row.decode(Date.self, "updated_at").formatted(.iso8601))</td></tr>
                """
        }
        body += "</table></div>"
        return html(DashboardHTML.page(title: "Leads", viewer: viewer, body: body))
    }

    func conversationsPage(_ viewer: DashboardViewer) async throws -> Response {
        let e = DashboardHTML.escape
        let (filter, parameters) = scope(viewer)
        let rows = try await stores.postgres.query(
            """
            select id, channel, contact_phone, provider, unread_count, last_activity_at from conversations
            where \(filter) order by last_activity_at desc limit 200
            """, parameters)
        var body = """
            <div class="scroll"><table id="conversations"><tr><th>Contact</th><th>Channel</th><th>Unread</th>\
            <th>Last activity</th></tr>
            """
        for row in rows {
            let id = try row.decode(UUID.self, "id").uuidString.lowercased()
            body += """
                <tr><td><a href="/dashboard/conversations/\(id)">\(e(Self.masked(try row.decode(String.self, "contact_phone"))))</a></td>\
                <td>\(e(try row.decode(String.self, "channel")))</td><td>\(try row.decode(Int.self, "unread_count"))</td>\
                <td>\(try row.decode(Date.self, "last_activity_at").formatted(.iso8601))</td></tr>
                """
        }
        body += "</table></div>" + (rows.isEmpty ? "<p>No conversation yet: replies land here.</p>" : "")
        return html(DashboardHTML.page(title: "Conversations", viewer: viewer, body: body))
    }

    func conversationPage(_ context: GatewayRequestContext, _ viewer: DashboardViewer) async throws -> Response {
        let e = DashboardHTML.escape
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let conversation = try await stores.postgres.query(
                "select account_id, channel, contact_phone from conversations where id = $1", [id]
            ).first,
            try viewer.isAdmin || conversation.decode(UUID.self, "account_id") == viewer.accountID
        else {
            return html(
                DashboardHTML.page(title: "Conversation", viewer: viewer, body: "<p>No such conversation.</p>"),
                status: .notFound)
        }
        let account = try conversation.decode(UUID.self, "account_id")
        let phone = try conversation.decode(String.self, "contact_phone")
        let channel = try conversation.decode(String.self, "channel")
        // Both directions, oldest first: what the contact wrote, and what the account sent that number.
        let rows = try await stores.postgres.query(
            """
            select 'in' as direction, body, received_at as at, null as status from inbound_messages where conversation_id = $1
            union all
            select 'out', body, created_at, status from messages where account_id = $2 and channel = $3 and recipient = $4
            order by at limit 500
            """, [id, account, channel, phone])
        var body = "<p>\(e(Self.masked(phone))) · \(e(channel))</p><ol class=\"timeline\" id=\"conversation\">"
        for row in rows {
            let direction = try row.decode(String.self, "direction")
            let status = try row.decode(String?.self, "status").map { " (\($0))" } ?? ""
            body += """
                <li class="\(direction)"><strong>\(direction == "in" ? "Contact" : "Sent")</strong>\(e(status)) \
                \(try row.decode(Date.self, "at").formatted(.iso8601)): \(e(try row.decode(String.self, "body")))</li>
                """
        }
        body += "</ol>"
        return html(DashboardHTML.page(title: "Conversation", viewer: viewer, body: body))
    }

    func webhooksPage(_ viewer: DashboardViewer) async throws -> Response {
        let e = DashboardHTML.escape
        let (filter, parameters) = scope(viewer)
        let endpoints = try await stores.postgres.query(
            "select \(WebhookEndpoint.columns) from webhook_endpoints where \(filter) order by created_at limit 100",
            parameters
        ).map(WebhookEndpoint.init(row:))
        var body = endpoints.isEmpty ? "<p>No endpoint: register one with <code>POST /api/webhooks</code>.</p>" : ""
        let deliveries = WebhookDeliveryStore(pool: stores.postgres)
        for endpoint in endpoints {
            let state = endpoint.enabled ? "enabled" : "disabled: " + (endpoint.disabledReason ?? "")
            body += """
                <h2>\(e(URLComponents(string: endpoint.url)?.host ?? "endpoint"))</h2>\
                <p>\(e(endpoint.description ?? "")) · \(e(state)) · \
                events: \(e(endpoint.eventTypes.isEmpty ? "all" : endpoint.eventTypes.joined(separator: ", ")))</p>
                <div class="scroll"><table class="deliveries"><tr><th>Event</th><th>State</th><th>Attempts</th>\
                <th>Last answer</th><th class="hide-narrow">Created</th></tr>
                """
            for delivery in try await deliveries.list(endpointID: endpoint.id, state: nil, before: nil, limit: 20) {
                let answer = delivery.lastStatusCode.map { "HTTP \($0)" } ?? delivery.lastError ?? "-"
                body += """
                    <tr><td>\(e(delivery.eventType))</td><td class="status">\(e(delivery.state))</td><td>\(delivery.attempts)</td>\
                    <td>\(e(answer))\(delivery.lastLatencyMs.map { " · \($0) ms" } ?? "")</td>\
                    <td class="hide-narrow">\(delivery.createdAt.formatted(.iso8601))</td></tr>
                    """
            }
            body += "</table></div>"
        }
        return html(DashboardHTML.page(title: "Webhooks", viewer: viewer, body: body))
    }
}
