import Foundation
import Postgres

extension VoiceCampaignStore {
    /// Records the drop campaign's aggregate from Voice Partner's callback (the caller checked its secret):
    /// `delivered` of `total`, and the provider's campaign id when the campaign did not have it yet (an attempt
    /// whose answer was lost: the callback is how the sender learns that the provider took it). When every
    /// number was delivered, the members that are `sent` become `delivered` (with their history rows); a partial
    /// aggregate names no number, so it leaves them `sent` and is shown on each of them. Returns the campaign
    /// after the report and the members it delivered.
    package func recordDropReport(
        id: UUID, providerCampaignID: String, delivered: Int, total: Int
    ) async throws(MessageStoreError) -> (campaign: VoiceCampaign, delivered: [StoredMessage])? {
        do {
            return try await pool.withTransaction { transaction in
                let rows = try await transaction.query(
                    """
                    update voice_campaigns set delivered_quantity = $2, total_quantity = $3, reported_at = now(),
                        provider_campaign_id = coalesce(provider_campaign_id, $4), updated_at = now()
                    where id = $1
                    returning \(VoiceCampaign.columns)
                    """,
                    [id, delivered, total, providerCampaignID])
                guard let row = rows.first else { return nil }
                let campaign = try VoiceCampaign(row: row)
                guard campaign.status == .sent, total > 0, delivered == total else { return (campaign, []) }
                let members = try await Self.deliverSentMembers(of: id, on: transaction)
                return (campaign, members)
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Every `sent` member becomes `delivered`, with its history row; returns them.
    static func deliverSentMembers(of id: UUID, on connection: PostgresConnection) async throws -> [StoredMessage] {
        let updated = try await connection.query(
            """
            update messages set status = 'delivered', updated_at = now()
            where voice_campaign_id = $1 and status = 'sent'
            returning \(StoredMessage.columns)
            """,
            [id])
        let members = try updated.map { row throws(MessageStoreError) in try StoredMessage(row: row) }
        try await connection.execute(
            """
            insert into message_events (message_id, status, detail)
            select id, 'delivered', 'every number of the campaign was delivered' from unnest($1::uuid[]) as id
            """,
            [CreditLedger.uuidArray(members.map(\.id))])
        return members
    }

    /// Sets the provider's campaign id when the campaign did not have it (a text-to-speech callback for an
    /// attempt whose answer was lost).
    package func learnProviderCampaignID(id: UUID, providerCampaignID: String) async throws(MessageStoreError) {
        do {
            _ = try await pool.execute(
                """
                update voice_campaigns set provider_campaign_id = $2, updated_at = now()
                where id = $1 and provider_campaign_id is null
                """,
                [id, providerCampaignID])
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }
}
