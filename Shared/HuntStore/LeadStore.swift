import Foundation
import Postgres

/// Leads and their activities, account-scoped.
package struct LeadStore: Sendable {
    let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    package enum Opened: Sendable {
        case created(Lead)
        case existing(Lead)
    }

    /// The account's lead for `ad` (its id or `annonce_id`), made (with a `created` activity) when there is none.
    /// Nil when the account has no such ad.
    package func open(accountID: UUID, ad: String, huntID: UUID?) async throws(HuntStoreError) -> Opened? {
        do {
            return try await pool.withTransaction { transaction in
                let ads = try await transaction.query(
                    "select id from ads where account_id = $1 and (annonce_id = $2 or id::text = $2) limit 1",
                    [accountID, ad])
                guard let adID = try ads.first?.decode(UUID.self, "id") else { return nil }
                let inserted = try await transaction.query(
                    """
                    insert into leads (account_id, ad_id, hunt_id) values ($1, $2, $3)
                    on conflict (account_id, ad_id) do nothing returning id
                    """,
                    [accountID, adID, huntID])
                if let id = try inserted.first?.decode(UUID.self, "id") {
                    try await transaction.execute(
                        "insert into lead_activities (lead_id, kind, to_stage) values ($1, 'created', 'new')", [id])
                }
                let rows = try await transaction.query(
                    "select \(Lead.columns) from leads l join ads a on a.id = l.ad_id where l.account_id = $1 and l.ad_id = $2",
                    [accountID, adID])
                guard let row = rows.first else { throw HuntStoreError.notFound }
                let lead = try Lead(row: row)
                return inserted.isEmpty ? .existing(lead) : .created(lead)
            }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    package func find(accountID: UUID, id: UUID) async throws(HuntStoreError) -> Lead? {
        do {
            let rows = try await pool.query(
                "select \(Lead.columns) from leads l join ads a on a.id = l.ad_id where l.account_id = $1 and l.id = $2",
                [accountID, id])
            return try rows.first.map { row throws(HuntStoreError) in try Lead(row: row) }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// Up to `limit` leads, newest first, after the lead `after`; filtered by stage and hunt when given.
    package func list(
        accountID: UUID, stage: LeadStage?, huntID: UUID?, limit: Int, after: UUID?
    ) async throws(HuntStoreError) -> [Lead] {
        do {
            let rows = try await pool.query(
                """
                select \(Lead.columns) from leads l join ads a on a.id = l.ad_id
                where l.account_id = $1 and ($2::text is null or l.stage = $2) and ($3::uuid is null or l.hunt_id = $3)
                    and ($5::uuid is null or (l.created_at, l.id) < (
                        select created_at, id from leads where id = $5 and account_id = $1))
                order by l.created_at desc, l.id desc limit $4
                """,
                [accountID, stage?.rawValue, huntID, max(1, limit), after])
            return try rows.map { row throws(HuntStoreError) in try Lead(row: row) }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    package enum StageChange: Sendable {
        case changed(Lead)
        /// The move is not allowed from the lead's stage (``LeadStage/mayMove(to:)``).
        case refused(current: LeadStage)
        case notFound
    }

    /// Moves the lead to `stage` with an optional note, both recorded as one `stage` activity, in one transaction
    /// (the row is locked, so two changes at once are one after the other).
    package func move(accountID: UUID, id: UUID, to stage: LeadStage, note: String?) async throws(HuntStoreError)
        -> StageChange
    {
        do {
            return try await pool.withTransaction { transaction in
                let locked = try await transaction.query(
                    "select stage from leads where account_id = $1 and id = $2 for update", [accountID, id])
                guard let text = try locked.first?.decode(String.self, "stage") else { return .notFound }
                guard let current = LeadStage(rawValue: text) else { throw HuntStoreError.invalidRow("lead stage") }
                guard current.mayMove(to: stage) else { return .refused(current: current) }
                try await transaction.execute(
                    "update leads set stage = $2, updated_at = now() where id = $1", [id, stage.rawValue])
                try await transaction.execute(
                    """
                    insert into lead_activities (lead_id, kind, from_stage, to_stage, note)
                    values ($1, 'stage', $2, $3, $4)
                    """,
                    [id, current.rawValue, stage.rawValue, note])
                let rows = try await transaction.query(
                    "select \(Lead.columns) from leads l join ads a on a.id = l.ad_id where l.id = $1", [id])
                guard let row = rows.first else { return .notFound }
                return .changed(try Lead(row: row))
            }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// Adds a note; false when the account has no such lead.
    package func note(accountID: UUID, id: UUID, text: String) async throws(HuntStoreError) -> Bool {
        do {
            return try await pool.execute(
                """
                insert into lead_activities (lead_id, kind, note)
                select id, 'note', $3 from leads where account_id = $1 and id = $2
                """,
                [accountID, id, text]) == 1
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// The lead's activities, oldest first.
    package func activities(leadID: UUID) async throws(HuntStoreError) -> [LeadActivity] {
        do {
            return try await pool.query(
                "select kind, from_stage, to_stage, note, at from lead_activities where lead_id = $1 order by id",
                [leadID]
            ).map { row in
                LeadActivity(
                    kind: try row.decode(String.self, "kind"), fromStage: try row.decode(String?.self, "from_stage"),
                    toStage: try row.decode(String?.self, "to_stage"), note: try row.decode(String?.self, "note"),
                    at: try row.decode(Date.self, "at"))
            }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}

extension LeadStore {
    /// The lead of an ad a hunt just wrote to, made `new` (with its `created` activity) when there is none; it
    /// becomes `contacted` when a message of the hunt to it is sent (``MessageStore``, in the send's
    /// transaction), or at once when one already was (a run repeated after a crash).
    /// Runs inside the caller's transaction (the one that accepts the hunt's message to the ad).
    package static func opened(accountID: UUID, adID: UUID, huntID: UUID, on transaction: PostgresConnection)
        async throws
    {
        let inserted = try await transaction.query(
            """
            insert into leads (account_id, ad_id, hunt_id, stage)
            select $1::uuid, $2::uuid, $3::uuid, case when exists (
                    select 1 from messages m
                    where m.account_id = $1::uuid and m.hunt_id = $3::uuid and m.ad_id = ($2::uuid)::text
                        and m.status in ('sent', 'delivered', 'read', 'undelivered')
                ) then 'contacted' else 'new' end
            on conflict (account_id, ad_id) do nothing returning id, stage
            """,
            [accountID, adID, huntID])
        guard let row = inserted.first else { return }
        let id = try row.decode(UUID.self, "id")
        try await transaction.execute(
            "insert into lead_activities (lead_id, kind, to_stage) values ($1, 'created', 'new')", [id])
        if try row.decode(String.self, "stage") == "contacted" {
            try await transaction.execute(
                """
                insert into lead_activities (lead_id, kind, from_stage, to_stage, note)
                values ($1, 'stage', 'new', 'contacted', 'first message sent')
                """,
                [id])
        }
    }

    /// Makes the missing leads of the hunt's messages (a run that stopped between a message and its lead), and
    /// moves to `contacted` the `new` ones with a message sent (a send recorded while its lead was being made, in
    /// a transaction the send could not see); returns how many leads it made or moved.
    package func repair(huntID: UUID) async throws(HuntStoreError) -> Int {
        do {
            let made = try await pool.execute(
                """
                insert into leads (account_id, ad_id, hunt_id, stage)
                select m.account_id, a.id, m.hunt_id,
                    case when bool_or(m.status in ('sent', 'delivered', 'read', 'undelivered')) then 'contacted'
                        else 'new' end
                from messages m
                join ads a on a.account_id = m.account_id and a.id::text = m.ad_id
                where m.hunt_id = $1
                group by m.account_id, a.id, m.hunt_id
                on conflict (account_id, ad_id) do nothing
                """,
                [huntID])
            let moved = try await pool.query(
                """
                with moved as (
                    update leads l set stage = 'contacted', updated_at = now()
                    where l.hunt_id = $1 and l.stage = 'new' and exists (
                        select 1 from messages m where m.hunt_id = l.hunt_id and m.ad_id = l.ad_id::text
                            and m.status in ('sent', 'delivered', 'read', 'undelivered'))
                    returning l.id
                )
                insert into lead_activities (lead_id, kind, from_stage, to_stage, note)
                select id, 'stage', 'new', 'contacted', 'first message sent' from moved
                returning lead_id
                """,
                [huntID])
            return made + moved.count
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}
