import Domain
import Foundation
import Hummingbird
import JobRuntime
import MessageStore

/// The overview: per queue waiting, active (or sent), delayed (or scheduled), failed and dead; credits; workers.
extension DashboardController {
    /// What the overview shows, also its live refresh (`/dashboard/overview.json`).
    struct Overview: Codable, Sendable {
        struct Queue: Codable, Sendable {
            var name: String
            var counts: [String: Int]
        }
        var queues: [Queue]
        var credits: [CreditBalanceResource]
        var workers: [WorkerResource]
    }

    func overview(_ viewer: DashboardViewer) async throws -> Overview {
        if let account = viewer.accountID {
            var queues: [Overview.Queue] = []
            for name in [QueueName.sms, QueueName.voice] {
                let stats = try await accountQueueStats(name, account)
                queues.append(
                    .init(
                        name: name.rawValue,
                        counts: [
                            "waiting": stats.waiting, "scheduled": stats.scheduled, "sent": stats.sent,
                            "delivered": stats.delivered, "failed": stats.failed + stats.undelivered,
                            "dead": stats.deadLetters,
                        ]))
            }
            var credits: [CreditBalanceResource] = []
            for channel in Channel.allCases {
                credits.append(
                    CreditBalanceResource(
                        try await CreditLedger(pool: stores.postgres).balance(accountID: account, channel: channel)))
            }
            return Overview(queues: queues, credits: credits, workers: [])
        }
        var queues: [Overview.Queue] = []
        for name in QueueName.fixed {
            let stats = try await stores.queue(named: name.rawValue).stats()
            queues.append(
                .init(
                    name: name.rawValue,
                    counts: [
                        "waiting": stats.waiting, "active": stats.active, "delayed": stats.delayed,
                        "completed": stats.completed, "failed": stats.failed, "dead": stats.dead,
                    ]))
        }
        return Overview(queues: queues, credits: [], workers: try await workers.list())
    }

    func overviewPage(_ viewer: DashboardViewer) async throws -> Response {
        let data = try await overview(viewer)
        let e = DashboardHTML.escape
        var body = """
            <p><button type="button" id="pause">Pause live refresh</button> <span id="refreshed"></span></p><h2>Queues</h2>
            """
        for queue in data.queues {
            body += "<h3>\(e(queue.name))</h3><div class=\"cards\">"
            for (state, count) in queue.counts.sorted(by: { $0.key < $1.key }) {
                body += "<div class=\"card\">\(e(state))<b id=\"q-\(e(queue.name))-\(e(state))\">\(count)</b></div>"
            }
            // Finished per minute, from the change between two refreshes (the page measures it).
            body += "<div class=\"card\">per minute<b id=\"t-\(e(queue.name))\">–</b></div>"
            body += "</div>"
        }
        if !data.credits.isEmpty {
            body +=
                "<h2>Credits</h2><div class=\"scroll\"><table><tr><th>Channel</th><th>Available</th><th>Held</th><th>Used</th></tr>"
            for credit in data.credits {
                body +=
                    "<tr><td>\(e(credit.channel))</td><td id=\"c-\(e(credit.channel))-available\">\(credit.available)</td><td id=\"c-\(e(credit.channel))-held\">\(credit.held)</td><td id=\"c-\(e(credit.channel))-committed\">\(credit.committed)</td></tr>"
            }
            body += "</table></div>"
        }
        if viewer.isAdmin {
            body +=
                "<h2>Workers</h2><div class=\"scroll\"><table><tr><th>Worker</th><th>Status</th><th>Sessions</th><th>Load</th><th class=\"hide-narrow\">Last heartbeat</th></tr>"
            for worker in data.workers {
                body +=
                    "<tr><td>\(e(worker.id))</td><td>\(e(worker.status))</td><td>\(worker.sessions)/\(worker.maxSessions)</td><td>\(Int((worker.load * 100).rounded())) %</td><td class=\"hide-narrow\">\(worker.lastHeartbeatAt.formatted(.iso8601))</td></tr>"
            }
            body += "</table></div>"
        }
        let script = """
            let paused = false; const previous = {};
            document.getElementById('pause').onclick = e => { paused = !paused; e.target.textContent = paused ? 'Resume live refresh' : 'Pause live refresh'; };
            setInterval(async () => {
              if (paused) return;
              const r = await fetch('/dashboard/overview.json', {credentials: 'same-origin'});
              if (!r.ok) return;
              const d = await r.json();
              const now = Date.now();
              for (const q of d.queues) {
                for (const [k, v] of Object.entries(q.counts)) {
                  const el = document.getElementById('q-' + q.name + '-' + k); if (el) el.textContent = v;
                }
                const finished = (q.counts.completed ?? 0) + (q.counts.sent ?? 0) + (q.counts.delivered ?? 0) + (q.counts.failed ?? 0);
                const last = previous[q.name];
                if (last) document.getElementById('t-' + q.name).textContent = Math.max(0, Math.round((finished - last.finished) * 60000 / (now - last.at)));
                previous[q.name] = {finished, at: now};
              }
              for (const c of d.credits) for (const k of ['available', 'held', 'committed']) {
                const el = document.getElementById('c-' + c.channel + '-' + k); if (el) el.textContent = c[k];
              }
              document.getElementById('refreshed').textContent = 'updated ' + new Date().toLocaleTimeString();
            }, 2000);
            """
        return html(DashboardHTML.page(title: "Overview", viewer: viewer, body: body, script: script))
    }
}
