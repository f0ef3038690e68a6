import Foundation
import JobRuntime
import Logging
import Outbox
import Postgres
import ServiceLifecycle

/// Publishes `lead.stage` on the `events` queue for every lead stage change (and creation), from
/// `lead_activities`, which every path that moves a lead writes in its own transaction (the API, a reply or an
/// opt-out, a hunt's first send): the table is the events' outbox, so none is lost to a crash or a Redis outage.
/// Several gateways lock disjoint rows. The event (job id `lead.stage:<activity id>`):
///
/// ```json
/// {"leadId": "…", "adId": "…", "huntId": "…", "fromStage": "contacted", "toStage": "replied", "note": "…", "at": "…"}
/// ```
struct LeadStageEventRelay: Service {
    static let name = "lead.stage"
    let pool: PostgresPool
    let queue: JobQueue
    let interval: Duration
    let logger: Logger
    let batchSize = 200

    func run() async throws {
        await repeatUntilShutdown(every: interval) { await relayAll() }
    }

    @discardableResult
    func relayAll() async -> Int {
        await relayInBatches(batchSize: batchSize, failure: "lead stage event relay pass failed", logger: logger) {
            try await relayBatch()
        }
    }

    private func relayBatch() async throws -> Int {
        try await pool.withTransaction { transaction in
            let rows = try await transaction.query(
                """
                select a.id, l.account_id, l.id as lead_id, l.ad_id, l.hunt_id, a.from_stage, a.to_stage, a.note, a.at
                from lead_activities a join leads l on l.id = a.lead_id
                where a.published_at is null and a.kind <> 'note'
                order by a.id limit $1 for update of a skip locked
                """,
                [batchSize])
            guard !rows.isEmpty else { return 0 }
            var requests: [JobRequest] = []
            var ids: [String] = []
            for row in rows {
                let id = try row.decode(Int64.self, "id")
                var event: [String: Any] = [
                    "leadId": try row.decode(UUID.self, "lead_id").uuidString.lowercased(),
                    "adId": try row.decode(UUID.self, "ad_id").uuidString.lowercased(),
                    "toStage": try row.decode(String?.self, "to_stage") ?? "new",
                    "at": try row.decode(Date.self, "at").formatted(.iso8601),
                ]
                event["huntId"] = try row.decode(UUID?.self, "hunt_id")?.uuidString.lowercased()
                event["fromStage"] = try row.decode(String?.self, "from_stage")
                event["note"] = try row.decode(String?.self, "note")
                let payload = try JSONSerialization.data(withJSONObject: event, options: .sortedKeys)
                requests.append(
                    JobRequest(
                        name: Self.name, payload: Array(payload), id: "\(Self.name):\(id)",
                        accountID: try row.decode(UUID.self, "account_id").uuidString.lowercased()))
                ids.append(String(id))
            }
            _ = try await queue.enqueue(requests)
            _ = try await transaction.execute(
                "update lead_activities set published_at = now() where id = any(string_to_array($1, ',')::bigint[])",
                [ids.joined(separator: ",")])
            return rows.count
        }
    }
}
