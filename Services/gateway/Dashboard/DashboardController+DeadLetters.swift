import Domain
import Foundation
import Hummingbird
import ServiceRuntime

/// Dead letters: the jobs that ran out of attempts (the account's on `sms` and `voice`; the operator's on every
/// queue), newest first, each with a Replay button, and Replay all per queue. A replay puts the job back on its
/// queue with fresh attempts (``DeadLetterAdminController/replay(_:deadLetterID:account:logger:)``).
extension DashboardController {
    private func queues(for viewer: DashboardViewer) -> [QueueName] {
        viewer.isAdmin ? QueueName.fixed : [.sms, .voice]
    }

    func deadLettersPage(_ request: Request, _ viewer: DashboardViewer) async throws -> Response {
        let e = DashboardHTML.escape
        let archive = DeadLetterArchive(pool: stores.postgres)
        var body = ""
        if let replayed = request.uri.queryParameters.get("replayed").map({ String($0) }) {
            body += "<p id=\"replayed\">Replayed \(e(replayed)): back on its queue with fresh attempts.</p>"
        }
        for queue in queues(for: viewer) {
            let letters = try await archive.letters(
                queue: queue.rawValue, account: viewer.accountID?.uuidString.lowercased(), limit: 50)
            body += "<h2>\(e(queue.rawValue))</h2>"
            guard !letters.isEmpty else {
                body += "<p>No dead letter.</p>"
                continue
            }
            body += """
                \(form("/dashboard/dead-letters/\(queue.rawValue)/replay-all", "Replay all", id: "replay-all-\(queue.rawValue)", viewer))
                <div class="scroll"><table class="dead-letters" id="dead-\(e(queue.rawValue))"><tr><th>Failed</th><th>Job</th>\
                <th>Attempts</th><th class="hide-narrow">Error</th><th></th></tr>
                """
            for letter in letters {
                let failed = Date(timeIntervalSince1970: Double(letter.failedAt) / 1000).formatted(.iso8601)
                let replay = form(
                    "/dashboard/dead-letters/\(queue.rawValue)/\(letter.deadLetterID)/replay", "Replay",
                    id: "replay-\(letter.deadLetterID)", viewer)
                body += """
                    <tr><td>\(failed)</td><td>\(e(letter.jobID))</td><td>\(letter.attempts)</td>\
                    <td class="hide-narrow">\(e(PersonalDataRedaction.redacted(letter.error)))</td><td>\(replay)</td></tr>
                    """
            }
            body += "</table></div>"
        }
        return html(DashboardHTML.page(title: "Dead letters", viewer: viewer, body: body))
    }

    func replayDeadLetter(_ context: GatewayRequestContext, _ viewer: DashboardViewer, all: Bool) async throws
        -> Response
    {
        guard let name = context.parameters.get("queue").flatMap({ QueueName(rawValue: $0) }),
            queues(for: viewer).contains(name)
        else { return Self.redirect("/dashboard/dead-letters") }
        let account = viewer.accountID?.uuidString.lowercased()
        let replayer = DeadLetterAdminController(stores: stores)
        var ids: [String] = []
        if all {
            ids = try await DeadLetterArchive(pool: stores.postgres).letters(
                queue: name.rawValue, account: account, limit: 500
            ).map(\.deadLetterID)
        } else if let id = context.parameters.get("id") {
            ids = [id]
        }
        var jobs: [String] = []
        for id in ids {
            _ = try await replayer.replay(name, deadLetterID: id, account: account, logger: context.logger)
            jobs.append(id)
        }
        let replayed = all ? "\(jobs.count) dead letters" : "1 dead letter"
        return Self.redirect(
            "/dashboard/dead-letters?replayed="
                + (replayed.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""))
    }

    /// A one-button form that posts the session's CSRF token.
    func form(_ action: String, _ label: String, id: String, _ viewer: DashboardViewer) -> String {
        let e = DashboardHTML.escape
        return """
            <form method="post" action="\(e(action))" class="inline"><input type="hidden" name="csrf" value="\(e(viewer.csrf))">\
            <button type="submit" id="\(e(id))">\(e(label))</button></form>
            """
    }
}
