import Foundation
import Postgres

/// The figures of one hunt's messages and leads, per step, A/B variant and channel.
package struct HuntStatsStore: Sendable {
    /// One (step, variant, channel) cell: messages made, how they ended, credits they used, and the leads whose
    /// latest message that did not fail is this cell's, by stage reached.
    package struct Cell: Sendable, Hashable {
        package var step: Int
        package var variant: Int
        package var channel: String
        package var allocated = 0
        package var sent = 0
        package var delivered = 0
        package var failed = 0
        package var cancelled = 0
        package var allocatedToday = 0
        package var sentToday = 0
        package var failedToday = 0
        package var creditsUsed = 0
        package var replied = 0
        package var optedOut = 0
    }

    let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Every cell of the hunt; "today" starts at `dayStart`.
    package func cells(huntID: UUID, dayStart: Date) async throws(HuntStoreError) -> [Cell] {
        do {
            let messages = try await pool.query(
                """
                select hunt_step, coalesce(hunt_variant, 0) as variant, channel, count(*)::int as allocated,
                    count(*) filter (where status in ('sent', 'delivered', 'read', 'undelivered'))::int as sent,
                    count(*) filter (where status in ('delivered', 'read'))::int as delivered,
                    count(*) filter (where status = 'failed')::int as failed,
                    count(*) filter (where status = 'cancelled')::int as cancelled,
                    count(*) filter (where created_at >= $2)::int as allocated_today,
                    count(*) filter (
                        where created_at >= $2 and status in ('sent', 'delivered', 'read', 'undelivered'))::int
                        as sent_today,
                    count(*) filter (where created_at >= $2 and status = 'failed')::int as failed_today,
                    coalesce(sum(segments) filter (
                        where status in ('sent', 'delivered', 'read', 'undelivered')), 0)::int as credits
                from messages where hunt_id = $1 and hunt_step is not null
                group by 1, 2, 3
                """,
                [huntID, dayStart])
            var cells: [String: Cell] = [:]
            for row in messages {
                var cell = Cell(
                    step: try row.decode(Int.self, "hunt_step"), variant: try row.decode(Int.self, "variant"),
                    channel: try row.decode(String.self, "channel"))
                cell.allocated = try row.decode(Int.self, "allocated")
                cell.sent = try row.decode(Int.self, "sent")
                cell.delivered = try row.decode(Int.self, "delivered")
                cell.failed = try row.decode(Int.self, "failed")
                cell.cancelled = try row.decode(Int.self, "cancelled")
                cell.allocatedToday = try row.decode(Int.self, "allocated_today")
                cell.sentToday = try row.decode(Int.self, "sent_today")
                cell.failedToday = try row.decode(Int.self, "failed_today")
                cell.creditsUsed = try row.decode(Int.self, "credits")
                cells[Self.key(cell.step, cell.variant, cell.channel)] = cell
            }
            let replies = try await pool.query(
                """
                select last.hunt_step, coalesce(last.hunt_variant, 0) as variant, last.channel,
                    count(*) filter (where l.stage in ('replied', 'interested', 'won'))::int as replied,
                    count(*) filter (where l.stage = 'opted_out')::int as opted_out
                from leads l
                cross join lateral (
                    select m.hunt_step, m.hunt_variant, m.channel from messages m
                    where m.hunt_id = l.hunt_id and m.ad_id = l.ad_id::text and m.hunt_step is not null
                        and m.status not in ('failed', 'cancelled')
                    order by m.hunt_step desc, m.created_at desc limit 1
                ) last
                where l.hunt_id = $1
                group by 1, 2, 3
                """,
                [huntID])
            for row in replies {
                let step = try row.decode(Int.self, "hunt_step")
                let variant = try row.decode(Int.self, "variant")
                let channel = try row.decode(String.self, "channel")
                let key = Self.key(step, variant, channel)
                var cell = cells[key] ?? Cell(step: step, variant: variant, channel: channel)
                cell.replied = try row.decode(Int.self, "replied")
                cell.optedOut = try row.decode(Int.self, "opted_out")
                cells[key] = cell
            }
            return cells.values.sorted { ($0.step, $0.variant, $0.channel) < ($1.step, $1.variant, $1.channel) }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// The hunt's leads by stage.
    package func leadStages(huntID: UUID) async throws(HuntStoreError) -> [String: Int] {
        do {
            let rows = try await pool.query(
                "select stage, count(*)::int from leads where hunt_id = $1 group by stage", [huntID])
            var stages: [String: Int] = [:]
            for row in rows { stages[try row.decode(String.self, at: 0)] = try row.decode(Int.self, at: 1) }
            return stages
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    private static func key(_ step: Int, _ variant: Int, _ channel: String) -> String {
        "\(step):\(variant):\(channel)"
    }
}
