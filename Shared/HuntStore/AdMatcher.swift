import Foundation
import Postgres

/// An ad a hunt may contact today, with what its templates need.
package struct MatchedAd: Sendable, Hashable {
    package let id: UUID
    package let annonceID: String
    package let phone: String
    package let placeholders: [String: String]
}

/// The ads a hunt's criteria match that may be contacted: with a mobile number, not `no_salesmen`, the number not
/// on the account's do-not-contact list, not already written to by the account on any channel (one seller, one
/// conversation), and not already a lead. Bounds absent are not applied; an ad missing a value a bound applies to
/// does not match it. The radius is a great-circle distance from the centre, or from a postcode's centre: the
/// mean position of the account's ads in that postcode (LeBonCoin gives each ad both; no geocoding service is
/// needed, and a postcode none of the account's ads has matches nothing). Newest ads first.
package struct AdMatcher: Sendable {
    let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    package func matches(accountID: UUID, criteria: HuntCriteria, now: Date, limit: Int) async throws(HuntStoreError)
        -> [MatchedAd]
    {
        let array = { (names: [String]?) in names.map { "{" + $0.map(Self.arrayItem).joined(separator: ",") + "}" } }
        do {
            let rows = try await pool.query(
                """
                with centre as (
                    select coalesce($15::float8, (select avg(latitude) from ads
                            where account_id = $1 and postal_code = $21 and latitude is not null)) as lat,
                        coalesce($16::float8, (select avg(longitude) from ads
                            where account_id = $1 and postal_code = $21 and longitude is not null)) as lng
                )
                select a.id, a.annonce_id, a.phone, a.title, a.price, a.brand, a.model, a.model_year, a.city, a.owner_name
                from ads a cross join centre c
                where a.account_id = $1 and a.phone is not null and a.phone_is_mobile and not a.no_salesmen
                    and ($2::text is null or a.category = $2)
                    and ($3::text[] is null or lower(a.brand) = any($3::text[]))
                    and ($4::text[] is null or lower(a.model) = any($4::text[]))
                    and ($5::float8 is null or a.price >= $5) and ($6::float8 is null or a.price <= $6)
                    and ($7::float8 is null or a.model_year >= $7) and ($8::float8 is null or a.model_year <= $8)
                    and ($9::float8 is null or a.mileage >= $9) and ($10::float8 is null or a.mileage <= $10)
                    and (not $11 or a.is_low_price) and (not $12 or a.price_has_dropped)
                    and (not $13 or a.is_urgent) and (not $14 or a.has_been_reposted)
                    and ($17::float8 is null or (a.latitude is not null and a.longitude is not null
                        and 2 * 6371 * asin(sqrt(
                            power(sin(radians(a.latitude - c.lat) / 2), 2)
                            + cos(radians(c.lat)) * cos(radians(a.latitude)) * power(sin(radians(a.longitude - c.lng) / 2), 2)
                        )) <= $17))
                    and ($18::float8 is null or a.first_published_at <= $22::timestamptz - $18 * interval '1 day')
                    and ($19::float8 is null or a.first_published_at >= $22::timestamptz - $19 * interval '1 day')
                    and not exists (
                        select 1 from blocked_contacts b where b.account_id = a.account_id and b.phone = a.phone)
                    and not exists (
                        select 1 from messages m where m.account_id = a.account_id and m.recipient = a.phone)
                    and not exists (select 1 from leads l where l.account_id = a.account_id and l.ad_id = a.id)
                order by a.first_seen_at desc, a.id
                limit $20
                """,
                [
                    accountID, criteria.category, array(criteria.brands?.map { $0.lowercased() }),
                    array(criteria.models?.map { $0.lowercased() }), criteria.price?.min, criteria.price?.max,
                    criteria.year?.min, criteria.year?.max, criteria.mileage?.min, criteria.mileage?.max,
                    criteria.requireLowPrice ?? false, criteria.requirePriceDropped ?? false,
                    criteria.requireUrgent ?? false, criteria.requireReposted ?? false, criteria.center?.lat,
                    criteria.center?.lng, criteria.radiusKm, criteria.adAgeDays?.min, criteria.adAgeDays?.max,
                    max(1, limit), criteria.postcode, now,
                ])
            return try rows.map(Self.matched)
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// A row of the ad columns both queries select.
    static func matched(_ row: PostgresRow) throws -> MatchedAd {
        MatchedAd(
            id: try row.decode(UUID.self, "id"), annonceID: try row.decode(String.self, "annonce_id"),
            phone: try row.decode(String.self, "phone"),
            placeholders: [
                "titre_annonce": try row.decode(String.self, "title"),
                "prix": AdPlaceholders.price(try row.decode(Double?.self, "price")),
                "marque": try row.decode(String?.self, "brand") ?? "",
                "modele": try row.decode(String?.self, "model") ?? "",
                "annee": try row.decode(Int?.self, "model_year").map(String.init) ?? "",
                "ville": try row.decode(String?.self, "city") ?? "",
                "vendeur_nom": try row.decode(String?.self, "owner_name") ?? "",
            ])
    }

    /// A Postgres array element, quoted.
    private static func arrayItem(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

extension AdMatcher {
    /// The hunt's leads due for step `index` (0-based, ≥ 1) with its `afterDays`: still `contacted` (a reply or an
    /// opt-out moved them on), with a message of step `index - 1` that did not fail (a step whose every channel
    /// failed ends the sequence), the last of that step at least `afterDays` old, none of step `index` or later
    /// yet, and their number not blocked since.
    package func followUps(huntID: UUID, index: Int, afterDays: Int, now: Date, limit: Int)
        async throws(HuntStoreError)
        -> [MatchedAd]
    {
        do {
            let rows = try await pool.query(
                """
                select a.id, a.annonce_id, a.phone, a.title, a.price, a.brand, a.model, a.model_year, a.city, a.owner_name
                from leads l join ads a on a.id = l.ad_id
                cross join lateral (
                    select count(*) filter (where m.hunt_step = $2 - 1 and m.status not in ('failed', 'cancelled')) as done,
                        count(*) filter (where m.hunt_step >= $2) as later,
                        max(m.created_at) filter (where m.hunt_step = $2 - 1) as last
                    from messages m where m.hunt_id = l.hunt_id and m.ad_id = a.id::text
                ) h
                where l.hunt_id = $1 and l.stage = 'contacted' and a.phone is not null
                    and h.done > 0 and h.later = 0 and h.last <= $5::timestamptz - $3 * interval '1 day'
                    and not exists (
                        select 1 from blocked_contacts b where b.account_id = l.account_id and b.phone = a.phone)
                order by h.last, a.id
                limit $4
                """,
                [huntID, index, afterDays, max(1, limit), now])
            return try rows.map(Self.matched)
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// An ad whose every message of one step failed: the step goes on with the channels not tried yet.
    package struct FailedStep: Sendable, Hashable {
        package let ad: MatchedAd
        package let step: Int
        package let tried: Set<String>
    }

    /// The hunt's leads still `new` or `contacted` whose latest step has only failed messages — not a blocked
    /// number, and not an attempt whose outcome stayed unknown (the seller may have been reached: no second
    /// channel on top) — with the channels tried, oldest failure first.
    package func failedSteps(huntID: UUID, limit: Int) async throws(HuntStoreError) -> [FailedStep] {
        do {
            let rows = try await pool.query(
                """
                select a.id, a.annonce_id, a.phone, a.title, a.price, a.brand, a.model, a.model_year, a.city,
                    a.owner_name, f.step, f.tried
                from leads l join ads a on a.id = l.ad_id
                cross join lateral (
                    select m.hunt_step as step, string_agg(m.channel, ',') as tried, max(m.updated_at) as at,
                        bool_and(m.status = 'failed'
                            and coalesce(m.provider_error_code, '') not in ('recipient_blocked', 'outcome_unknown'))
                            as all_failed
                    from messages m where m.hunt_id = l.hunt_id and m.ad_id = a.id::text and m.hunt_step is not null
                    group by m.hunt_step order by m.hunt_step desc limit 1
                ) f
                where l.hunt_id = $1 and l.stage in ('new', 'contacted') and a.phone is not null and f.all_failed
                    and not exists (
                        select 1 from blocked_contacts b where b.account_id = l.account_id and b.phone = a.phone)
                order by f.at, a.id
                limit $2
                """,
                [huntID, max(1, limit)])
            return try rows.map { row in
                FailedStep(
                    ad: try Self.matched(row), step: try row.decode(Int.self, "step"),
                    tried: Set(try row.decode(String.self, "tried").split(separator: ",").map(String.init)))
            }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}
