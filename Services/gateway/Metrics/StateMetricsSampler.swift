import Domain
import Foundation
import JobRuntime
import Logging
import Metrics
import Outbox
import Postgres
import ServiceLifecycle
import ServiceRuntime

/// Gauges of the platform's state, sampled every `interval` by each gateway (with several, take the `max` of
/// them): per queue the jobs waiting, active, delayed and dead with the oldest waiting job's age; WhatsApp sessions
/// by engine and status; credits held per channel; the outboxes' lag (the oldest message not yet enqueued, the
/// oldest status event not yet published, the oldest webhook delivery not yet settled). Labels are queue
/// names, engines, statuses and channels only.
struct StateMetricsSampler: Service {
    let stores: ServiceStores
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await repeatUntilShutdown(every: interval) { await sample() }
    }

    func sample() async {
        await sampleQueues()
        do {
            try await samplePostgres()
        } catch {
            logger.warning("state metrics not sampled from Postgres", metadata: ["error": "\(error)"])
        }
    }

    private func sampleQueues() async {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for name in QueueName.fixed {
            let queue = stores.queue(named: name.rawValue)
            do {
                let stats = try await queue.stats()
                for (state, count) in [
                    ("waiting", stats.waiting), ("active", stats.active), ("delayed", stats.delayed),
                    ("dead", stats.dead),
                ] {
                    Gauge(label: "ap_queue_jobs", dimensions: [("queue", name.rawValue), ("state", state)]).record(
                        count)
                }
                let age = try await queue.oldestWaitingAge(nowMs: now)
                Gauge(label: "ap_queue_oldest_waiting_seconds", dimensions: [("queue", name.rawValue)])
                    .record(age.map(Self.seconds) ?? 0)
            } catch {
                logger.warning(
                    "queue metrics not sampled", metadata: ["queue": "\(name.rawValue)", "error": "\(error)"])
            }
        }
    }

    private func samplePostgres() async throws {
        var sessions: [String: Int] = [:]
        for row in try await stores.postgres.query(
            "select engine, status, count(*)::int as n from wa_sessions group by engine, status")
        {
            sessions["\(try row.decode(String.self, "engine"))|\(try row.decode(String.self, "status"))"] =
                try row.decode(Int.self, "n")
        }
        // Every engine and status, so a combination that empties goes back to 0.
        for engine in SessionEngine.allCases.map(\.rawValue) {
            for status in SessionStatus.allCases {
                Gauge(label: "ap_whatsapp_sessions", dimensions: [("engine", engine), ("status", status.rawValue)])
                    .record(sessions["\(engine)|\(status.rawValue)"] ?? 0)
            }
        }
        var held: [String: Int] = [:]
        for row in try await stores.postgres.query(
            "select channel, coalesce(sum(held), 0)::int as held from credit_balances group by channel")
        {
            held[try row.decode(String.self, "channel")] = try row.decode(Int.self, "held")
        }
        for channel in Channel.allCases {
            Gauge(label: "ap_credits_held", dimensions: [("channel", channel.rawValue)]).record(
                held[channel.rawValue] ?? 0)
        }
        let lag = try await stores.postgres.query(
            """
            select
                coalesce(extract(epoch from now() - (select min(created_at) from messages where status = 'pending'
                    and (scheduled_at is null or scheduled_at <= now()))), 0)::float8 as pending,
                coalesce(extract(epoch from now() - (select min(at) from message_events where published_at is null)),
                    0)::float8 as events,
                coalesce(extract(epoch from now() - (select min(created_at) from webhook_deliveries
                    where state = 'pending')), 0)::float8 as webhooks
            """)
        guard let row = lag.first else { return }
        Gauge(label: "ap_outbox_lag_seconds", dimensions: [("outbox", "messages")]).record(
            try row.decode(Double.self, "pending"))
        Gauge(label: "ap_outbox_lag_seconds", dimensions: [("outbox", "status_events")])
            .record(try row.decode(Double.self, "events"))
        Gauge(label: "ap_outbox_lag_seconds", dimensions: [("outbox", "webhook_deliveries")])
            .record(try row.decode(Double.self, "webhooks"))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
