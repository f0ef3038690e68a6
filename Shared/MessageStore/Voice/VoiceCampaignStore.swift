import Foundation
import Postgres

/// Voice campaigns (migration 14): voice messages join one, the voice sender sends each campaign as one
/// Voice Partner request under the campaign's send lease, and records the outcome on every member at once.
/// Joining, sending and recording are in `VoiceCampaignStore+Joining`, `+Leases` and `+Outcomes`.
package struct VoiceCampaignStore: Sendable {
    let pool: PostgresPool

    /// At most this many numbers in one campaign (Voice Partner's limit per request).
    package static let maxMembers = 500

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The campaign with `id`, or nil.
    package func find(id: UUID) async throws(MessageStoreError) -> VoiceCampaign? {
        do {
            let rows = try await pool.query("select \(VoiceCampaign.columns) from voice_campaigns where id = $1", [id])
            return try rows.first.map { row throws(MessageStoreError) in try VoiceCampaign(row: row) }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Campaigns to send now, oldest first: full ones; open ones whose last member joined at least `quiet` ago
    /// or that opened at least `maxWait` ago; ones a send attempt gave back or whose lease ran out; never before
    /// their `next_attempt_at`.
    package func due(quiet: Duration, maxWait: Duration, limit: Int) async throws(MessageStoreError) -> [UUID] {
        do {
            let rows = try await pool.query(
                """
                select id from voice_campaigns
                where (status = 'full'
                        or (status = 'open' and (last_joined_at <= now() - $1 * interval '1 millisecond'
                            or opened_at <= now() - $2 * interval '1 millisecond'))
                        or (status = 'sending' and (send_lease_owner is null or send_lease_expires_at <= now())))
                    and (next_attempt_at is null or next_attempt_at <= now())
                order by opened_at limit $3
                """,
                [
                    MessageRepository.wholeMilliseconds(quiet), MessageRepository.wholeMilliseconds(maxWait),
                    max(1, limit),
                ])
            return try rows.map { try $0.decode(UUID.self, "id") }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// The members still waiting to be sent (at most ``maxMembers``), oldest first.
    package func members(of campaignID: UUID) async throws(MessageStoreError) -> [VoiceCampaignMember] {
        do {
            let rows = try await pool.query(
                """
                select id, recipient, voice::text as voice from messages
                where voice_campaign_id = $1 and status in ('pending', 'queued')
                order by created_at limit $2
                """,
                [campaignID, Self.maxMembers])
            return try rows.map { row in
                VoiceCampaignMember(
                    messageID: try row.decode(UUID.self, "id"), recipient: try row.decode(String.self, "recipient"),
                    content: VoiceContent(json: try row.decode(String?.self, "voice")))
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }
}
