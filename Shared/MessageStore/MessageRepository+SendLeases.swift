import Foundation
import Postgres

extension MessageRepository {
    /// Takes the message's send lease for `owner` (one delivery's attempt) for `duration`, in one conditional
    /// statement: only when no other live lease exists and the message is still waiting to be sent. Taking it
    /// marks the attempt (`send_started_at`, kept when an earlier unrecorded attempt set it) so that a later
    /// delivery knows to ask the provider first.
    ///
    /// A message whose recipient was put on the do-not-contact list after it was accepted is not leased: when
    /// no attempt of it started yet, it is failed (`recipient_blocked`, hold released) and reported past
    /// sending, so an opt-out stops even messages already queued. One whose earlier attempt may have reached
    /// the provider goes on as usual (asking the provider first), since it may already be delivered.
    package func acquireSendLease(id: UUID, owner: String, duration: Duration) async throws(MessageStoreError)
        -> SendLeaseAnswer
    {
        do {
            let rows = try await pool.query(
                """
                with current as (
                    select id, status, send_started_at, send_lease_owner, send_lease_expires_at,
                        exists (
                            select 1 from blocked_contacts b
                            where b.account_id = messages.account_id and b.phone = messages.recipient
                        ) as blocked
                    from messages where id = $1 for update
                ), taken as (
                    update messages m set send_lease_owner = $2,
                        send_lease_expires_at = now() + $3 * interval '1 millisecond',
                        send_started_at = coalesce(m.send_started_at, now()), send_attempts = m.send_attempts + 1
                    from current c
                    where m.id = c.id and c.status in ('pending', 'queued')
                        and (c.send_lease_owner is null or c.send_lease_expires_at <= now())
                        and not (c.blocked and c.send_started_at is null)
                    returning m.id
                )
                select c.status, c.send_started_at as previous, c.blocked, (select count(*) from taken)::int as taken,
                    greatest(0, ceil(extract(epoch from (c.send_lease_expires_at - now())) * 1000))::int as remaining
                from current c
                """,
                [id, owner, Self.wholeMilliseconds(duration)])
            guard let row = rows.first else { throw MessageStoreError.messageNotFound }
            let statusText = try row.decode(String.self, "status")
            guard let status = MessageStatus(rawValue: statusText) else {
                throw MessageStoreError.invalidRow("unknown message status \(statusText)")
            }
            if try row.decode(Int.self, "taken") == 1 {
                return .acquired(previousAttemptAt: try row.decode(Date?.self, "previous"))
            }
            if status.isPastSending { return .pastSending(status) }
            if try row.decode(Bool.self, "blocked"), try row.decode(Date?.self, "previous") == nil {
                if let failed = try await failUnsent(id: id, reason: .recipientBlocked) {
                    return .pastSending(failed.status)
                }
                // Settled meanwhile by someone else (the expiry sweeper): report what it became.
                return .pastSending(try await load(id: id)?.status ?? .failed)
            }
            return .heldElsewhere(remaining: .milliseconds(try row.decode(Int?.self, "remaining") ?? 0))
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Gives the lease back if `owner` still holds it. `providerMayHaveIt` keeps the attempt mark (the request
    /// may have reached the provider, or an earlier one may have): the next delivery asks before sending. False
    /// clears it: the provider answered that it did not take the message, or no request went out.
    package func releaseSendLease(id: UUID, owner: String, providerMayHaveIt: Bool) async throws(MessageStoreError) {
        do {
            _ = try await pool.execute(
                """
                update messages set send_lease_owner = null, send_lease_expires_at = null,
                    send_started_at = case when $3 then send_started_at else null end
                where id = $1 and send_lease_owner = $2
                """,
                [id, owner, providerMayHaveIt])
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    static func wholeMilliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
