import Foundation
import Postgres

/// The account's ``OutreachLimits`` (`outreach_limits`); none stored: no limits.
package struct OutreachLimitStore: Sendable {
    let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    package func limits(accountID: UUID) async throws(HuntStoreError) -> OutreachLimits {
        do {
            let rows = try await pool.query(
                "select limits::text from outreach_limits where account_id = $1", [accountID])
            guard let text = try rows.first?.decode(String.self, at: 0) else { return OutreachLimits() }
            return try JSONDecoder().decode(OutreachLimits.self, from: Data(text.utf8))
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    package func save(accountID: UUID, _ limits: OutreachLimits) async throws(HuntStoreError) {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let text = String(decoding: try encoder.encode(limits), as: UTF8.self)
            _ = try await pool.execute(
                """
                insert into outreach_limits (account_id, limits) values ($1, $2::jsonb)
                on conflict (account_id) do update set limits = excluded.limits, updated_at = now()
                """,
                [accountID, text])
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}
