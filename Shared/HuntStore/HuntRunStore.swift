import Foundation
import Postgres

/// One finished run of a hunt (`hunt_runs`): its report, kept for the stats, and the outbox of its
/// `hunt.run.completed` event until `published_at` is set.
package struct HuntRunRecord: Sendable, Hashable {
    package let id: Int64
    package let huntID: UUID
    package let accountID: UUID
    package let report: HuntRunReport
    package let finishedAt: Date
}

package struct HuntRunStore: Sendable {
    let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    package func record(huntID: UUID, accountID: UUID, _ report: HuntRunReport) async throws(HuntStoreError)
        -> HuntRunRecord
    {
        do {
            let rows = try await pool.query(
                """
                insert into hunt_runs (hunt_id, account_id, kind, report) values ($1, $2, $3, $4::jsonb)
                returning id, hunt_id, account_id, report::text as report, finished_at
                """,
                [huntID, accountID, report.kind, try Self.text(report)])
            guard let row = rows.first else { throw HuntStoreError.notFound }
            return try Self.record(row)
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// The hunt's latest run of `kind`.
    package func latest(huntID: UUID, kind: String = "daily") async throws(HuntStoreError) -> HuntRunRecord? {
        do {
            let rows = try await pool.query(
                """
                select id, hunt_id, account_id, report::text as report, finished_at from hunt_runs
                where hunt_id = $1 and kind = $2 order by id desc limit 1
                """,
                [huntID, kind])
            return try rows.first.map(Self.record)
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// Locks up to `limit` runs whose event is not published and older than `minimumAge`, hands them to
    /// `publish` in order and marks them, in one transaction; rows another relay holds are skipped.
    package func relayUnpublished(
        limit: Int, minimumAge: Duration, publish: ([HuntRunRecord]) async throws -> Void
    ) async throws(HuntStoreError) -> Int {
        do {
            return try await pool.withTransaction { transaction in
                let rows = try await transaction.query(
                    """
                    select id, hunt_id, account_id, report::text as report, finished_at from hunt_runs
                    where published_at is null and finished_at < now() - $2 * interval '1 millisecond'
                    order by id limit $1 for update skip locked
                    """,
                    [limit, Int(minimumAge.components.seconds * 1000)])
                let records = try rows.map(Self.record)
                guard !records.isEmpty else { return 0 }
                try await publish(records)
                _ = try await transaction.execute(
                    "update hunt_runs set published_at = now() where id = any(string_to_array($1, ',')::bigint[])",
                    [records.map { String($0.id) }.joined(separator: ",")])
                return records.count
            }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    package func markPublished(_ id: Int64) async throws(HuntStoreError) {
        do {
            _ = try await pool.execute("update hunt_runs set published_at = now() where id = $1", [id])
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    private static func record(_ row: PostgresRow) throws -> HuntRunRecord {
        HuntRunRecord(
            id: try row.decode(Int64.self, "id"), huntID: try row.decode(UUID.self, "hunt_id"),
            accountID: try row.decode(UUID.self, "account_id"),
            report: try JSONDecoder().decode(
                HuntRunReport.self, from: Data(try row.decode(String.self, "report").utf8)),
            finishedAt: try row.decode(Date.self, "finished_at"))
    }

    private static func text(_ report: HuntRunReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
