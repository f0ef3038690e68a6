import Domain
import Foundation
import Hummingbird
import MessageStore

/// Messages: the API's search (``MessageSearch``) as a filter form and a table, and one message's timeline.
extension DashboardController {
    func messagesPage(_ request: Request, _ viewer: DashboardViewer) async throws -> Response {
        let e = DashboardHTML.escape
        let query = request.uri.queryParameters
        func value(_ name: String) -> String { query.get(name).map { String($0) } ?? "" }
        var body = """
            <form class="filters" method="get" action="/dashboard/messages" id="filters">
            <select name="status" aria-label="Status"><option value="">any status</option>\
            \(MessageStatus.allCases.map { "<option\(value("status") == $0.rawValue ? " selected" : "")>\($0.rawValue)</option>" }.joined())</select>
            <select name="channel" aria-label="Channel"><option value="">any channel</option>\
            \(Channel.allCases.map { "<option\(value("channel") == $0.rawValue ? " selected" : "")>\($0.rawValue)</option>" }.joined())</select>
            <input name="recipient" placeholder="Recipient number" value="\(e(value("recipient")))">
            <input name="correlationId" placeholder="Correlation id" value="\(e(value("correlationId")))">
            <input name="huntId" placeholder="Hunt id" value="\(e(value("huntId")))">
            <input name="from" placeholder="From (ISO 8601)" value="\(e(value("from")))">
            <input name="to" placeholder="To (ISO 8601)" value="\(e(value("to")))">
            <button type="submit">Search</button></form>
            """
        let filters: MessageSearch.Filters
        do {
            var parsed = try MessageSearchQuery.filters(request, region: region)
            parsed.limit = min(parsed.limit, 50)
            filters = parsed
        } catch let problem as ProblemDetails {
            let summary = (problem.errors ?? []).map { "\($0.field) \($0.message)" }.joined(separator: "; ")
            body += "<p class=\"error\">\(e(summary.isEmpty ? problem.detail ?? "" : summary))</p>"
            return html(
                DashboardHTML.page(title: "Messages", viewer: viewer, body: body), status: .unprocessableContent)
        }
        let (messages, next) = try await MessageSearch(pool: stores.postgres).page(accountID: viewer.accountID, filters)
        body += """
            <div class="scroll"><table id="messages"><tr><th>Created</th><th>Channel</th><th>Recipient</th><th>Status</th>\
            <th class="hide-narrow">Correlation</th></tr>
            """
        for message in messages {
            let id = message.id.uuidString.lowercased()
            body += """
                <tr><td><a href="/dashboard/messages/\(id)" class="message-link">\(message.createdAt.formatted(.iso8601))</a></td>\
                <td>\(e(message.channel.rawValue))</td><td>\(e(Self.masked(message.recipient.e164)))</td>\
                <td class="status">\(e(message.status.rawValue))</td><td class="hide-narrow">\(e(message.correlationID ?? ""))</td></tr>
                """
        }
        body += "</table></div>"
        if messages.isEmpty { body += "<p>No message matches.</p>" }
        if let next {
            var components = URLComponents()
            components.queryItems =
                ["status", "channel", "recipient", "correlationId", "huntId", "from", "to"]
                .filter { !value($0).isEmpty }.map { URLQueryItem(name: $0, value: value($0)) }
                + [URLQueryItem(name: "cursor", value: next.token)]
            body += "<p><a href=\"/dashboard/messages\(e(components.string ?? ""))\" id=\"next\">Next page</a></p>"
        }
        return html(DashboardHTML.page(title: "Messages", viewer: viewer, body: body))
    }

    func messagePage(_ context: GatewayRequestContext, _ viewer: DashboardViewer) async throws -> Response {
        let e = DashboardHTML.escape
        let repository = MessageRepository(pool: stores.postgres, logger: context.logger)
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let message = try await repository.load(id: id), viewer.isAdmin || message.accountID == viewer.accountID
        else {
            return html(
                DashboardHTML.page(title: "Message", viewer: viewer, body: "<p>No such message.</p>"), status: .notFound
            )
        }
        let history = try await repository.history(messageID: id)
        // The send job (its id is the message id on the channel's queue; WhatsApp jobs are on their worker's).
        var job = "-"
        if message.channel != .whatsapp {
            let status = try await stores.queue(named: message.channel.rawValue).status(of: id.uuidString.lowercased())
            if status.state != .unknown {
                job =
                    "\(status.state.rawValue), attempt \(status.attempt ?? 0) of \(status.maxAttempts ?? 0)"
                    + (status.lastError.map { " — " + PersonalDataRedaction.redacted($0) } ?? "")
            }
        }
        var body = """
            <div class="scroll"><table><tr><th>Channel</th><td>\(e(message.channel.rawValue))</td></tr>\
            <tr><th>Recipient</th><td>\(e(Self.masked(message.recipient.e164)))</td></tr>\
            <tr><th>Status</th><td class="status" id="status">\(e(message.status.rawValue))</td></tr>\
            <tr><th>Provider</th><td>\(e(message.provider ?? "-"))</td></tr>\
            <tr><th>Segments</th><td>\(message.segments)</td></tr>\
            <tr><th>Job</th><td id="job">\(e(job))</td></tr>\
            <tr><th>Text</th><td>\(message.body.count) characters (not shown)</td></tr>\
            <tr><th>Error</th><td>\(e(message.providerErrorCode.map { "\($0) " } ?? ""))\
            \(e(message.providerErrorMessage.map(PersonalDataRedaction.redacted) ?? ""))</td></tr>\
            <tr><th>Correlation</th><td>\(e(message.correlationID ?? "-"))</td></tr></table></div>
            <h2>Timeline</h2><ol class="timeline" id="timeline">
            """
        for event in history {
            body += """
                <li><span class="status">\(e(event.status.rawValue))</span> \(event.at.formatted(.iso8601))\
                \(event.detail.map { " — " + e(PersonalDataRedaction.redacted($0)) } ?? "")\
                \(event.providerCode.map { " (" + e($0) + ")" } ?? "")</li>
                """
        }
        body += "</ol>"
        return html(DashboardHTML.page(title: "Message", viewer: viewer, body: body))
    }

    /// A number with its middle hidden: `+33 6•••••78`.
    static func masked(_ e164: String) -> String {
        guard e164.count > 6 else { return "•••" }
        return String(e164.prefix(4)) + String(repeating: "•", count: e164.count - 6) + String(e164.suffix(2))
    }
}
