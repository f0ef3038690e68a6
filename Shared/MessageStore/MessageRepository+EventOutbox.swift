import Domain
import Foundation
import Postgres

extension MessageRepository {
    /// Locks up to `limit` history rows not yet published and older than `minimumAge` (younger ones are left to
    /// the change's own publish, which usually lands first), hands them to `publish` in order, and marks them
    /// published in the same transaction. Rows another relay holds are skipped; when `publish` throws nothing is
    /// marked and the rows are offered again. Returns how many were published.
    package func relayUnpublishedEvents(
        limit: Int, minimumAge: Duration, publish: ([HistoryEvent]) async throws -> Void
    ) async throws(MessageStoreError) -> Int {
        do {
            return try await pool.withTransaction { transaction in
                let rows = try await transaction.query(
                    """
                    select e.id, e.message_id, e.status, e.detail, e.provider_code, e.at, m.account_id, m.channel
                    from message_events e join messages m on m.id = e.message_id
                    where e.published_at is null and e.at < now() - $2 * interval '1 millisecond'
                    order by e.id limit $1
                    for update of e skip locked
                    """,
                    [limit, Int(minimumAge.components.seconds * 1000)])
                let events = try rows.map { row -> HistoryEvent in
                    guard let status = MessageStatus(rawValue: try row.decode(String.self, "status")),
                        let channel = Channel(rawValue: try row.decode(String.self, "channel"))
                    else { throw MessageStoreError.invalidRow("unknown status or channel in the history") }
                    return HistoryEvent(
                        id: try row.decode(Int64.self, "id"), messageID: try row.decode(UUID.self, "message_id"),
                        accountID: try row.decode(UUID.self, "account_id"), channel: channel, status: status,
                        detail: try row.decode(String?.self, "detail"),
                        providerCode: try row.decode(String?.self, "provider_code"), at: try row.decode(Date.self, "at")
                    )
                }
                guard !events.isEmpty else { return 0 }
                try await publish(events)
                _ = try await transaction.execute(
                    "update message_events set published_at = now() where id = any(string_to_array($1, ',')::bigint[])",
                    [events.map { String($0.id) }.joined(separator: ",")])
                return events.count
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }
}
