import Foundation
import Postgres

/// Hunts, account-scoped: another account's hunt is not found.
package struct HuntRepository: Sendable {
    let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    package func create(accountID: UUID, _ definition: HuntDefinition) async throws(HuntStoreError) -> Hunt {
        try await one(
            """
            insert into hunts (account_id, name, squid_id, criteria, steps, daily_limit, sending_window)
            values ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7::jsonb)
            returning \(Hunt.columns)
            """,
            [accountID] + (try Self.parameters(definition)))
    }

    package func update(accountID: UUID, id: UUID, _ definition: HuntDefinition) async throws(HuntStoreError)
        -> Hunt?
    {
        try await optional(
            """
            update hunts set name = $3, squid_id = $4, criteria = $5::jsonb, steps = $6::jsonb, daily_limit = $7,
                sending_window = $8::jsonb, updated_at = now()
            where account_id = $1 and id = $2
            returning \(Hunt.columns)
            """,
            [accountID, id] + (try Self.parameters(definition)))
    }

    package func setStatus(accountID: UUID, id: UUID, _ status: Hunt.Status) async throws(HuntStoreError) -> Hunt? {
        try await optional(
            """
            update hunts set status = $3, updated_at = now() where account_id = $1 and id = $2
            returning \(Hunt.columns)
            """,
            [accountID, id, status.rawValue])
    }

    package func find(accountID: UUID, id: UUID) async throws(HuntStoreError) -> Hunt? {
        try await optional("select \(Hunt.columns) from hunts where account_id = $1 and id = $2", [accountID, id])
    }

    /// Up to `limit` hunts after `after` (a hunt id), oldest first.
    package func list(accountID: UUID, limit: Int, after: UUID?) async throws(HuntStoreError) -> [Hunt] {
        do {
            let rows = try await pool.query(
                """
                select \(Hunt.columns) from hunts
                where account_id = $1 and ($3::uuid is null
                    or (created_at, id) > (select created_at, id from hunts where id = $3 and account_id = $1))
                order by created_at, id limit $2
                """,
                [accountID, max(1, limit), after])
            return try rows.map { row throws(HuntStoreError) in try Hunt(row: row) }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    package func delete(accountID: UUID, id: UUID) async throws(HuntStoreError) -> Bool {
        do {
            return try await pool.execute("delete from hunts where account_id = $1 and id = $2", [accountID, id]) == 1
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    private static func parameters(_ definition: HuntDefinition) throws(HuntStoreError) -> [any PostgresBindable] {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            func text(_ value: some Encodable) throws -> String {
                String(decoding: try encoder.encode(value), as: UTF8.self)
            }
            return [
                definition.name, definition.squidId, try text(definition.criteria), try text(definition.steps),
                definition.dailyLimit, try definition.window.map(text),
            ]
        } catch {
            throw HuntStoreError.invalidRow("a hunt definition that does not encode")
        }
    }

    private func one(_ sql: String, _ parameters: [any PostgresBindable]) async throws(HuntStoreError) -> Hunt {
        guard let hunt = try await optional(sql, parameters) else { throw HuntStoreError.notFound }
        return hunt
    }

    private func optional(_ sql: String, _ parameters: [any PostgresBindable]) async throws(HuntStoreError) -> Hunt? {
        do {
            return try await pool.query(sql, parameters).first.map { row throws(HuntStoreError) in try Hunt(row: row) }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}

extension HuntRepository {
    /// Active hunts of every account after `after` (a hunt id), in id order: the scheduler pages through them.
    package func active(after: UUID?, limit: Int) async throws(HuntStoreError) -> [Hunt] {
        do {
            let rows = try await pool.query(
                """
                select \(Hunt.columns) from hunts
                where status = 'active' and ($1::uuid is null or id > $1) order by id limit $2
                """,
                [after, max(1, limit)])
            return try rows.map { row throws(HuntStoreError) in try Hunt(row: row) }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}

extension HuntRepository {
    /// Active hunts with failed sends whose step may go on with another channel, each with its count of failed
    /// sends (which grows with every new failure, so a job id built on it asks once per failure).
    package func withFailedSends() async throws(HuntStoreError) -> [(hunt: Hunt, failed: Int)] {
        do {
            let rows = try await pool.query(
                """
                select \(Hunt.columns), f.failed from hunts
                join (
                    select hunt_id, count(*)::int as failed from messages
                    where hunt_id is not null and hunt_step is not null and status = 'failed'
                        and updated_at > now() - interval '2 days'
                    group by hunt_id
                ) f on f.hunt_id = hunts.id
                where status = 'active'
                """)
            return try rows.map { row throws(HuntStoreError) in
                do {
                    return (try Hunt(row: row), try row.decode(Int.self, "failed"))
                } catch {
                    throw HuntStoreError.wrapping(error)
                }
            }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}
