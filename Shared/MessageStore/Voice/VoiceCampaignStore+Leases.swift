import Foundation
import Postgres

extension VoiceCampaignStore {
    /// Takes the campaign's send lease for `owner` for `duration`, in one conditional statement, as
    /// ``MessageRepository/acquireSendLease(id:owner:duration:)`` does for one message: only when no other live
    /// lease exists and the campaign is not sent or failed. Taking it closes the campaign to new members and
    /// marks the attempt on the campaign and on its members (so a do-not-contact entry added now leaves them to
    /// this attempt).
    package func acquireSendLease(id: UUID, owner: String, duration: Duration) async throws(MessageStoreError)
        -> SendLeaseAnswer
    {
        do {
            return try await pool.withTransaction { transaction in
                let rows = try await transaction.query(
                    """
                    with current as (
                        select id, status, send_started_at, send_lease_owner, send_lease_expires_at
                        from voice_campaigns where id = $1 for update
                    ), taken as (
                        update voice_campaigns v set status = 'sending', send_lease_owner = $2,
                            send_lease_expires_at = now() + $3 * interval '1 millisecond',
                            send_started_at = coalesce(v.send_started_at, now()), send_attempts = v.send_attempts + 1,
                            next_attempt_at = null, updated_at = now()
                        from current c
                        where v.id = c.id and c.status in ('open', 'full', 'sending')
                            and (c.send_lease_owner is null or c.send_lease_expires_at <= now())
                        returning v.id
                    )
                    select c.status, c.send_started_at as previous, (select count(*) from taken)::int as taken,
                        greatest(0, ceil(extract(epoch from (c.send_lease_expires_at - now())) * 1000))::int
                            as remaining
                    from current c
                    """,
                    [id, owner, MessageRepository.wholeMilliseconds(duration)])
                guard let row = rows.first else { throw MessageStoreError.messageNotFound }
                if try row.decode(Int.self, "taken") == 1 {
                    // As a message's own lease does: a member whose number was blocked since it joined, and that no
                    // attempt may have sent, fails now (hold released) instead of going out with the campaign.
                    _ = try await MessageRepository.failUnsent(
                        where: """
                            voice_campaign_id = $1 and send_started_at is null and exists (
                                select 1 from blocked_contacts b
                                where b.account_id = messages.account_id and b.phone = messages.recipient)
                            """,
                        [id], reason: .recipientBlocked, on: transaction)
                    try await transaction.execute(
                        """
                        update messages set send_started_at = coalesce(send_started_at, now())
                        where voice_campaign_id = $1 and status in ('pending', 'queued')
                        """,
                        [id])
                    return .acquired(previousAttemptAt: try row.decode(Date?.self, "previous"))
                }
                switch try row.decode(String.self, "status") {
                case VoiceCampaign.Status.sent.rawValue: return .pastSending(.sent)
                case VoiceCampaign.Status.failed.rawValue: return .pastSending(.failed)
                default:
                    return .heldElsewhere(remaining: .milliseconds(try row.decode(Int?.self, "remaining") ?? 0))
                }
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Gives the lease back if `owner` still holds it, to try again no sooner than `retryAfter`.
    /// `providerMayHaveIt` keeps the attempt mark (the next attempt asks before sending); false clears it.
    package func releaseSendLease(
        id: UUID, owner: String, providerMayHaveIt: Bool, retryAfter: Duration
    ) async throws(MessageStoreError) {
        do {
            try await pool.withTransaction { transaction in
                let released = try await transaction.execute(
                    """
                    update voice_campaigns set send_lease_owner = null, send_lease_expires_at = null,
                        send_started_at = case when $3 then send_started_at else null end,
                        next_attempt_at = now() + $4 * interval '1 millisecond', updated_at = now()
                    where id = $1 and send_lease_owner = $2
                    """,
                    [id, owner, providerMayHaveIt, MessageRepository.wholeMilliseconds(retryAfter)])
                // Nothing went out: the members are unsent again, so an opt-out now fails them as it should.
                if released == 1, !providerMayHaveIt {
                    try await transaction.execute(
                        """
                        update messages set send_started_at = null
                        where voice_campaign_id = $1 and status in ('pending', 'queued')
                        """,
                        [id])
                }
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }
}
