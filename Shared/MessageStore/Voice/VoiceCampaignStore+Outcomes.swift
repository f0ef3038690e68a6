import Foundation
import Postgres

extension VoiceCampaignStore {
    /// Voice Partner took the campaign as `providerCampaignID`: the campaign is `sent` and so is every member
    /// still waiting (provider `voicepartner`, id ``VoiceCampaign/providerMessageID(campaignID:recipient:)``),
    /// with its history row (the event outbox publishes it) and its credits committed, in one transaction and a
    /// fixed number of statements whatever the size. Returns the members it changed (none when recorded before).
    package func recordSent(id: UUID, providerCampaignID: String) async throws(MessageStoreError) -> [StoredMessage] {
        do {
            return try await pool.withTransaction { transaction in
                let updated = try await transaction.query(
                    """
                    update voice_campaigns set status = 'sent', provider_campaign_id = $2, send_lease_owner = null,
                        send_lease_expires_at = null, updated_at = now()
                    where id = $1 and status not in ('sent', 'failed')
                    returning delivered_quantity, total_quantity
                    """,
                    [id, providerCampaignID])
                guard let campaign = updated.first else { return [] }
                let waiting = try await Self.lockWaitingMembers(of: id, on: transaction)
                guard !waiting.isEmpty else { return [] }
                let rows = try await transaction.query(
                    """
                    update messages set status = 'sent', provider = 'voicepartner',
                        provider_message_id = $2 || ':' || recipient, updated_at = now()
                    where id = any($1::uuid[])
                    returning \(StoredMessage.columns)
                    """,
                    [CreditLedger.uuidArray(waiting), providerCampaignID])
                let sent = try rows.map { row throws(MessageStoreError) in try StoredMessage(row: row) }
                try await transaction.execute(
                    """
                    insert into message_events (message_id, status, detail)
                    select id, 'sent', 'taken by Voice Partner' from unnest($1::uuid[]) as id
                    """,
                    [CreditLedger.uuidArray(sent.map(\.id))])
                _ = try await CreditLedger.settleAll(messageIDs: sent.map(\.id), as: .commit, on: transaction)
                try await HuntLeadProgress.markContacted(messageIDs: sent.map(\.id), on: transaction)
                // Voice Partner's report came first (the answer to the send was lost; the report is how the sender
                // learnt of it): apply it now.
                if let delivered = try campaign.decode(Int?.self, "delivered_quantity"),
                    let total = try campaign.decode(Int?.self, "total_quantity"), total > 0, delivered == total
                {
                    return try await Self.deliverSentMembers(of: id, on: transaction)
                }
                return sent
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// The campaign will not be sent (Voice Partner refused it, or its outcome stays unknown): the campaign is
    /// `failed` with `code`, and so is every member still waiting, with `explanation` (fixed text) and its hold
    /// released. Returns the members it failed.
    package func recordFailure(id: UUID, code: String, explanation: String) async throws(MessageStoreError)
        -> [StoredMessage]
    {
        do {
            return try await pool.withTransaction { transaction in
                let updated = try await transaction.execute(
                    """
                    update voice_campaigns set status = 'failed', error_code = $2, send_lease_owner = null,
                        send_lease_expires_at = null, updated_at = now()
                    where id = $1 and status not in ('sent', 'failed')
                    """,
                    [id, code])
                guard updated == 1 else { return [] }
                return try await MessageRepository.failUnsent(
                    where: "voice_campaign_id = $1", [id], code: code, explanation: explanation, on: transaction)
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    private static func lockWaitingMembers(of id: UUID, on connection: PostgresConnection) async throws -> [UUID] {
        try await connection.query(
            """
            select id from messages where voice_campaign_id = $1 and status in ('pending', 'queued')
            order by id for update
            """,
            [id]
        ).map { try $0.decode(UUID.self, "id") }
    }
}
