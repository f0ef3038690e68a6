import Foundation
import Postgres

extension InboundStore {
    /// Locks up to `limit` inbound messages whose `message.inbound` event is not marked published and that
    /// are older than `minimumAge` (younger ones are left to the consumer's own publish), hands them to
    /// `publish` in order, and marks them in the same transaction; rows another relay holds are skipped.
    package func relayUnpublished(
        limit: Int, minimumAge: Duration, publish: ([InboundMessage]) async throws -> Void
    ) async throws(MessageStoreError) -> Int {
        do {
            return try await pool.withTransaction { transaction in
                let rows = try await transaction.query(
                    """
                    select \(InboundMessage.columns) from inbound_messages
                    where published_at is null and created_at < now() - $2 * interval '1 millisecond'
                    order by created_at limit $1
                    for update skip locked
                    """,
                    [limit, Int(minimumAge.components.seconds * 1000)])
                let messages = try rows.map { try InboundMessage(row: $0) }
                guard !messages.isEmpty else { return 0 }
                try await publish(messages)
                try await Self.markPublished(messages.map(\.id), on: transaction)
                return messages.count
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Marks the events of `ids` published (the consumer published them right after recording).
    package func markPublished(_ ids: [UUID]) async throws(MessageStoreError) {
        do {
            try await pool.withConnection { connection in try await Self.markPublished(ids, on: connection) }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    private static func markPublished(_ ids: [UUID], on connection: PostgresConnection) async throws {
        guard !ids.isEmpty else { return }
        _ = try await connection.execute(
            "update inbound_messages set published_at = now() where id = any($1::uuid[]) and published_at is null",
            [CreditLedger.uuidArray(ids)])
    }
}
