import Foundation
import Postgres

/// A hunt's lead becomes `contacted` when a message of the hunt to its ad is sent — not when the message is
/// accepted: a send that fails on every channel leaves the lead `new`, never "contacted" for nothing.
enum HuntLeadProgress {
    /// Moves the `new` leads of the hunt messages among `messageIDs` to `contacted`, each move an activity,
    /// inside the caller's transaction (the one recording the send). Two statements whatever the number.
    static func markContacted(messageIDs: [UUID], on connection: PostgresConnection) async throws {
        guard !messageIDs.isEmpty else { return }
        try await connection.execute(
            """
            with sent as (
                select distinct account_id, ad_id from messages
                where id = any($1::uuid[]) and hunt_id is not null and ad_id is not null
            ), moved as (
                update leads l set stage = 'contacted', updated_at = now()
                from sent s where l.account_id = s.account_id and l.ad_id::text = s.ad_id and l.stage = 'new'
                returning l.id
            )
            insert into lead_activities (lead_id, kind, from_stage, to_stage, note)
            select id, 'stage', 'new', 'contacted', 'first message sent' from moved
            """,
            [CreditLedger.uuidArray(messageIDs)])
    }
}
