import Domain
import Foundation
import Postgres

extension MessageRepository {
    /// One outbox relay pass: locks up to `limit` due `pending` messages of `channel` at least `minimumAge` old
    /// (younger ones are still being enqueued by the request that accepted them) with
    /// `for update`, so concurrent relays take disjoint batches; hands them to `enqueue`,
    /// and marks the ids it returns `queued`, all in one transaction. Returns those ids.
    ///
    /// If `enqueue` throws (Redis down), nothing changes and the rows are offered again next pass.
    package func relayPending(
        channel: Channel = .sms, limit: Int, minimumAge: Duration = .zero,
        _ enqueue: ([StoredMessage]) async throws -> [UUID]
    ) async throws(MessageStoreError) -> [UUID] {
        let seconds = Double(minimumAge.components.seconds) + Double(minimumAge.components.attoseconds) / 1e18
        do {
            return try await pool.withTransaction { transaction in
                let rows = try await transaction.query(
                    """
                    select \(StoredMessage.columns) from messages
                    where status = 'pending' and channel = $3
                        and created_at <= now() - make_interval(secs => $2::float8)
                        and (scheduled_at is null or scheduled_at <= now())
                    order by created_at
                    limit $1
                    for update skip locked
                    """,
                    [limit, seconds, channel.rawValue])
                let batch = try rows.map { row throws(MessageStoreError) in try StoredMessage(row: row) }
                guard !batch.isEmpty else { return [] }
                let offered = Set(batch.map(\.id))
                let enqueued: [UUID]
                do {
                    enqueued = try await enqueue(batch).filter { offered.contains($0) }
                } catch {
                    throw MessageStoreError.enqueueFailed(error)
                }
                guard !enqueued.isEmpty else { return [] }
                let ids = "{" + enqueued.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}"
                try await transaction.execute(
                    """
                    with queued as (
                        update messages set status = 'queued', updated_at = now()
                        where id = any($1::uuid[]) and status = 'pending'
                        returning id
                    )
                    insert into message_events (message_id, status, detail)
                    select id, 'queued', 'relayed by outbox' from queued
                    """,
                    [ids])
                return enqueued
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }
}

extension MessageRepository {
    /// The session's messages still to be sent (`pending` or `queued`), oldest first: what a failover
    /// hands to the session's new worker.
    package func openMessages(sessionID: UUID) async throws(MessageStoreError) -> [StoredMessage] {
        do {
            let rows = try await pool.query(
                """
                select \(StoredMessage.columns) from messages
                where session_id = $1 and status in ('pending', 'queued') order by created_at
                """,
                [sessionID])
            return try rows.map { row throws(MessageStoreError) in try StoredMessage(row: row) }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }
}
