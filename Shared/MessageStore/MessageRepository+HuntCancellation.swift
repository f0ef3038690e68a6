import Foundation
import Postgres

extension MessageRepository {
    /// Cancels the account's hunt messages to `phone` that are waiting to be sent (a follow-up scheduled for
    /// the window's next opening, or one still in the queue), releasing their holds, inside the caller's
    /// transaction: the seller answered, so the sequence stops. A message that a sender holds the lease of, or
    /// whose earlier attempt may have reached the provider, or that already joined a voice campaign (it goes out
    /// with the campaign, within seconds), is left alone: cancelling it could not stop the provider. Returns how
    /// many were cancelled.
    static func cancelUnsentHuntMessages(accountID: UUID, phone: String, on connection: PostgresConnection)
        async throws -> Int
    {
        let rows = try await connection.query(
            """
            with waiting as (
                select id from messages
                where account_id = $1 and recipient = $2 and hunt_id is not null and status in ('pending', 'queued')
                    and send_started_at is null and voice_campaign_id is null
                    and (send_lease_owner is null or send_lease_expires_at <= now())
                for update
            ), cancelled as (
                update messages m set status = 'cancelled', updated_at = now()
                from waiting w where m.id = w.id returning m.id
            ), history as (
                insert into message_events (message_id, status, detail)
                select id, 'cancelled', 'the recipient replied: the hunt sequence stops' from cancelled
            )
            select id from cancelled
            """,
            [accountID, phone])
        let ids = try rows.map { try $0.decode(UUID.self, "id") }
        _ = try await CreditLedger.releaseAll(messageIDs: ids, on: connection)
        return ids.count
    }
}
