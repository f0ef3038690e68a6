import Foundation
import LobstrAPI
import Postgres

extension LobstrRunStore {
    /// Stores one page of the run's results in one transaction: its ads are upserted by (account, `annonce_id`)
    /// in one statement (every column but `id` and `first_seen_at` takes the newer value), and the run moves to
    /// the next page. A page that is not the run's `next_page` (a redelivered job storing it again) changes
    /// nothing. Returns the run after the page.
    package func storePage(
        accountID: UUID, runID: String, page: LobstrResultsPage
    ) async throws(HuntStoreError) -> LobstrRun {
        do {
            return try await pool.withTransaction { transaction in
                let locked = try await transaction.query(
                    "select \(LobstrRun.columns) from lobstr_runs where account_id = $1 and run_id = $2 for update",
                    [accountID, runID])
                guard let row = locked.first else { throw HuntStoreError.notFound }
                let run = try LobstrRun(row: row)
                guard run.status == .pending, run.nextPage == page.page else { return run }
                if !page.ads.isEmpty {
                    try await transaction.execute(
                        Self.upsert, [accountID, run.squidID, runID, try AdRecord.json(page.ads)])
                }
                let updated = try await transaction.query(
                    """
                    update lobstr_runs set next_page = next_page + 1, total_pages = $3, total_results = $4,
                        ingested = ingested + $5, unreadable = unreadable + $6, updated_at = now()
                    where account_id = $1 and run_id = $2
                    returning \(LobstrRun.columns)
                    """,
                    [accountID, runID, page.totalPages, page.totalResults, page.ads.count, page.unreadable])
                guard let after = updated.first else { throw HuntStoreError.notFound }
                return try LobstrRun(row: after)
            }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// The ads of a page, as a JSON array of ``AdRecord``s, in one statement.
    private static let upsert = """
        insert into ads (
            account_id, squid_id, run_id, annonce_id, title, description, url, category, price, currency, city,
            postal_code, department, region, latitude, longitude, phone, phone_is_mobile, owner_type, owner_name,
            no_salesmen, is_urgent, is_boosted, brand, model, model_year, entry_year, mileage, fuel, gearbox,
            price_min, price_max, is_low_price, price_has_dropped, has_been_reposted, first_published_at,
            last_published_at, pictures, details, more_details, raw, rejected_fields
        )
        select $1, $2, $3, x.annonce_id, x.title, x.description, x.url, x.category, x.price, x.currency, x.city,
            x.postal_code, x.department, x.region, x.latitude, x.longitude, x.phone, x.phone_is_mobile, x.owner_type,
            x.owner_name, x.no_salesmen, x.is_urgent, x.is_boosted, x.brand, x.model, x.model_year, x.entry_year,
            x.mileage, x.fuel, x.gearbox, x.price_min, x.price_max, x.is_low_price, x.price_has_dropped,
            x.has_been_reposted, x.first_published_at, x.last_published_at, x.pictures, x.details::jsonb,
            x.more_details::jsonb, x.raw::jsonb, x.rejected_fields
        from jsonb_to_recordset($4::jsonb) as x(
            annonce_id text, title text, description text, url text, category text, price double precision,
            currency text, city text, postal_code text, department text, region text, latitude double precision,
            longitude double precision, phone text, phone_is_mobile boolean, owner_type text, owner_name text,
            no_salesmen boolean, is_urgent boolean, is_boosted boolean, brand text, model text, model_year int,
            entry_year int, mileage int, fuel text, gearbox text, price_min double precision,
            price_max double precision, is_low_price boolean, price_has_dropped boolean, has_been_reposted boolean,
            first_published_at timestamptz, last_published_at timestamptz, pictures text[], details text,
            more_details text, raw text, rejected_fields text[]
        )
        on conflict (account_id, annonce_id) do update set
            squid_id = excluded.squid_id, run_id = excluded.run_id, title = excluded.title,
            description = excluded.description, url = excluded.url, category = excluded.category,
            price = excluded.price, currency = excluded.currency, city = excluded.city,
            postal_code = excluded.postal_code, department = excluded.department, region = excluded.region,
            latitude = excluded.latitude, longitude = excluded.longitude, phone = excluded.phone,
            phone_is_mobile = excluded.phone_is_mobile, owner_type = excluded.owner_type,
            owner_name = excluded.owner_name, no_salesmen = excluded.no_salesmen, is_urgent = excluded.is_urgent,
            is_boosted = excluded.is_boosted, brand = excluded.brand, model = excluded.model,
            model_year = excluded.model_year, entry_year = excluded.entry_year, mileage = excluded.mileage,
            fuel = excluded.fuel, gearbox = excluded.gearbox, price_min = excluded.price_min,
            price_max = excluded.price_max, is_low_price = excluded.is_low_price,
            price_has_dropped = excluded.price_has_dropped, has_been_reposted = excluded.has_been_reposted,
            first_published_at = excluded.first_published_at, last_published_at = excluded.last_published_at,
            pictures = excluded.pictures, details = excluded.details, more_details = excluded.more_details,
            raw = excluded.raw, rejected_fields = excluded.rejected_fields, updated_at = now()
        """
}

/// One ad as the upsert's JSON reads it.
struct AdRecord: Encodable {
    var annonce_id: String
    var title: String
    var description: String?
    var url: String?
    var category: String?
    var price: Double?
    var currency: String?
    var city: String?
    var postal_code: String?
    var department: String?
    var region: String?
    var latitude: Double?
    var longitude: Double?
    var phone: String?
    var phone_is_mobile: Bool
    var owner_type: String?
    var owner_name: String?
    var no_salesmen: Bool
    var is_urgent: Bool
    var is_boosted: Bool
    var brand: String?
    var model: String?
    var model_year: Int?
    var entry_year: Int?
    var mileage: Int?
    var fuel: String?
    var gearbox: String?
    var price_min: Double?
    var price_max: Double?
    var is_low_price: Bool
    var price_has_dropped: Bool
    var has_been_reposted: Bool
    var first_published_at: Date?
    var last_published_at: Date?
    var pictures: [String]
    /// JSON texts, cast to `jsonb` by the statement.
    var details: String
    var more_details: String
    var raw: String
    var rejected_fields: [String]

    init(_ ad: LobstrAd) {
        annonce_id = ad.annonceID
        title = ad.title
        description = ad.description
        url = ad.url
        category = ad.category
        price = ad.price
        currency = ad.currency
        city = ad.city
        postal_code = ad.postalCode
        department = ad.department
        region = ad.region
        latitude = ad.latitude
        longitude = ad.longitude
        phone = ad.phone
        phone_is_mobile = ad.phoneIsMobile
        owner_type = ad.ownerType
        owner_name = ad.ownerName
        no_salesmen = ad.noSalesmen
        is_urgent = ad.isUrgent
        is_boosted = ad.isBoosted
        brand = ad.brand
        model = ad.model
        model_year = ad.modelYear
        entry_year = ad.entryYear
        mileage = ad.mileage
        fuel = ad.fuel
        gearbox = ad.gearbox
        price_min = ad.priceMin
        price_max = ad.priceMax
        is_low_price = ad.isLowPrice
        price_has_dropped = ad.priceHasDropped
        has_been_reposted = ad.hasBeenReposted
        first_published_at = ad.firstPublishedAt
        last_published_at = ad.lastPublishedAt
        pictures = ad.pictures
        details = ad.details
        more_details = ad.moreDetails
        raw = ad.raw
        rejected_fields = ad.rejectedFields
    }

    static func json(_ ads: [LobstrAd]) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(ads.map(AdRecord.init)), as: UTF8.self)
    }
}
