import Domain
import Foundation
import Postgres

extension MessageRepository {
    /// One outbox relay pass: locks up to `limit` due `pending` messages of `channel` at least `minimumAge` old
    /// (younger ones are still being enqueued by the request that accepted them) with
    /// `for update skip locked`, so concurrent relays take disjoint batches; hands them to `enqueue`,
    /// and marks the ids it returns `queued`, all in one transaction. Returns those ids.
    ///
    /// If `enqueue` throws (Redis down), nothing changes and the rows are offered again next pass.
    package func relayPending(
        channel: Channel = .sms, limit: Int, minimumAge: Duration = .zero,
        _ enqueue: ([StoredMessage]) async throws -> [UUID]
    ) async throws(MessageStoreError) -> [UUID] {
        try await relayPendingPage(channel: channel, limit: limit, minimumAge: minimumAge, enqueue).relayed
    }

    /// ``relayPending(channel:limit:minimumAge:_:)`` for one page of a pass: only rows after `cursor` (in
    /// the order of acceptance), and it says where the page ended. Rows `enqueue` leaves out (a WhatsApp
    /// message whose session has no route) stay `pending`, and the next page starts after them, so they
    /// never hold back newer ones.
    package func relayPendingPage(
        channel: Channel = .sms, limit: Int, minimumAge: Duration = .zero, after cursor: RelayCursor? = nil,
        _ enqueue: ([StoredMessage]) async throws -> [UUID]
    ) async throws(MessageStoreError) -> RelayPage {
        do {
            return try await pool.withTransaction { transaction in
                let rows = try await transaction.query(
                    """
                    select \(StoredMessage.columns),
                        (extract(epoch from created_at) * 1000000)::int8 as created_us
                    from messages
                    where status = 'pending' and channel = $3
                        and created_at <= now() - make_interval(secs => $2::float8)
                        and (scheduled_at is null or scheduled_at <= now())
                        and ($4::int8 is null
                            or (created_at, id) > (to_timestamp(0) + $4::int8 * interval '1 microsecond', $5::uuid))
                    order by created_at, id
                    limit $1
                    for update skip locked
                    """,
                    [limit, minimumAge.postgresSeconds, channel.rawValue, cursor?.createdMicroseconds, cursor?.id])
                let batch = try rows.map { row throws(MessageStoreError) in try StoredMessage(row: row) }
                guard let last = rows.last, let lastMessage = batch.last else {
                    return RelayPage(relayed: [], scanned: 0, next: cursor)
                }
                let next = RelayCursor(
                    createdMicroseconds: try last.decode(Int64.self, "created_us"), id: lastMessage.id)
                let offered = Set(batch.map(\.id))
                let enqueued: [UUID]
                do {
                    enqueued = try await enqueue(batch).filter { offered.contains($0) }
                } catch {
                    throw MessageStoreError.enqueueFailed(error)
                }
                guard !enqueued.isEmpty else { return RelayPage(relayed: [], scanned: batch.count, next: next) }
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
                    [CreditLedger.uuidArray(enqueued)])
                return RelayPage(relayed: enqueued, scanned: batch.count, next: next)
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }
}

/// Where a relay pass stands: the last row a page looked at (acceptance time in microseconds since the
/// epoch, then id).
package struct RelayCursor: Sendable, Hashable {
    package let createdMicroseconds: Int64
    package let id: UUID
}

/// What one relay page did.
package struct RelayPage: Sendable, Hashable {
    /// The ids marked `queued`.
    package let relayed: [UUID]
    /// How many due rows the page locked and offered (a full page means more may follow).
    package let scanned: Int
    /// Where the next page starts.
    package let next: RelayCursor?
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
