import Foundation
import Postgres

extension InboundStore {
    /// A reply moves the sender's leads (the account's leads whose ad has that number) on, inside the reply's
    /// transaction: a reply makes a `new` or `contacted` lead `replied`; an opt-out makes any lead that is not
    /// final `opted_out`. Each move is a `stage` activity. Either way the hunt messages to that number still
    /// waiting to be sent (a follow-up scheduled for later) are cancelled and their holds released. Returns how
    /// many leads moved.
    static func moveLeads(of message: NewInboundMessage, optOut: Bool, on connection: PostgresConnection)
        async throws -> Int
    {
        let (stage, from, note) =
            optOut
            ? ("opted_out", ["new", "contacted", "replied", "interested"], "opt-out reply")
            : ("replied", ["new", "contacted"], "reply received")
        let rows = try await connection.query(
            """
            with current as (
                select l.id, l.stage from leads l join ads a on a.id = l.ad_id
                where l.account_id = $1 and a.phone = $2 and l.stage = any($3::text[])
                for update of l
            ), moved as (
                update leads l set stage = $4, updated_at = now() from current c where l.id = c.id
                returning l.id, c.stage as from_stage
            )
            insert into lead_activities (lead_id, kind, from_stage, to_stage, note)
            select id, 'stage', from_stage, $4, $5 from moved
            returning lead_id
            """,
            [message.accountID, message.sender.e164, "{" + from.joined(separator: ",") + "}", stage, note])
        _ = try await MessageRepository.cancelUnsentHuntMessages(
            accountID: message.accountID, phone: message.sender.e164, on: connection)
        return rows.count
    }
}
