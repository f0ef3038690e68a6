import Domain
import Foundation

/// A LeBonCoin ad read from one Lobstr result (PROVIDERS.md §5.5, SEED-APP §4.3), field by field: a field
/// that cannot be read is left out and named in ``rejectedFields``, never the whole ad (the seed dropped
/// an ad for one bad field). The raw result is kept (``raw``) so ads can be re-read when the mapping improves.
package struct LobstrAd: Sendable, Hashable {
    package var annonceID: String
    package var title: String
    package var description: String?
    package var url: String?
    package var category: String?
    /// Euros.
    package var price: Double?
    package var currency: String?
    package var city: String?
    package var postalCode: String?
    package var department: String?
    package var region: String?
    package var latitude: Double?
    package var longitude: Double?
    /// E.164 (`+33612345678`), read as a French number when national.
    package var phone: String?
    /// A French number is a mobile when it is +336 or +337 (whatever Lobstr says); another one when Lobstr's
    /// `is_mobile` says so.
    package var phoneIsMobile: Bool
    package var ownerType: String?
    package var ownerName: String?
    /// The seller asked not to be canvassed ("pas de démarchage"): never contacted.
    package var noSalesmen: Bool
    package var isUrgent: Bool
    package var isBoosted: Bool
    package var brand: String?
    package var model: String?
    package var modelYear: Int?
    /// The year of first registration (`Date de première mise en circulation`, `03/2019`).
    package var entryYear: Int?
    package var mileage: Int?
    package var fuel: String?
    package var gearbox: String?
    /// LeBonCoin's estimated market band for the vehicle (`car_price_min` / `car_price_max`).
    package var priceMin: Double?
    package var priceMax: Double?
    /// The price is in the lowest third of the band.
    package var isLowPrice: Bool
    /// The price is below the advertised old price.
    package var priceHasDropped: Bool
    /// Republished (first and last publication differ).
    package var hasBeenReposted: Bool
    package var firstPublishedAt: Date?
    package var lastPublishedAt: Date?
    package var pictures: [String]
    /// `details` and `more_details` as JSON text.
    package var details: String
    package var moreDetails: String
    /// The whole result as JSON text.
    package var raw: String
    package var rejectedFields: [String]
}

extension LobstrAd {
    /// Nil without an `annonce_id` (nothing to key the ad on).
    init?(result: [String: Any]) {
        guard let annonceID = LobstrValue.string(result["annonce_id"]) else { return nil }
        let details = LobstrValue.object(result["details"])
        let more = LobstrValue.object(result["more_details"])
        var rejected: [String] = []
        self.annonceID = annonceID
        title = LobstrValue.string(result["title"]) ?? ""
        description = LobstrValue.string(result["description"])
        url = LobstrValue.string(result["url"])
        category = LobstrValue.string(result["category_name"])
        price = LobstrValue.double(result["price"])
        currency = LobstrValue.string(result["currency"])
        city = LobstrValue.string(result["city"])
        postalCode = LobstrValue.string(result["postal_code"])
        department = LobstrValue.string(result["department"])
        region = LobstrValue.string(result["region"])
        latitude = LobstrValue.double(result["lat"]).flatMap { (-90...90).contains($0) ? $0 : nil }
        longitude = LobstrValue.double(result["lng"]).flatMap { (-180...180).contains($0) ? $0 : nil }
        if result["lat"] != nil, latitude == nil { rejected.append("lat") }
        if result["lng"] != nil, longitude == nil { rejected.append("lng") }
        let phoneText = LobstrValue.string(result["phone"]) ?? LobstrValue.string(result["phone_from_user"])
        phone = phoneText.flatMap { try? PhoneNumber($0, defaultRegion: .fr).e164 }
        if phoneText != nil, phone == nil { rejected.append("phone") }
        // A French number says itself whether it is a mobile (06, 07); elsewhere Lobstr's flag is all there is.
        if let phone, phone.hasPrefix("+33") {
            phoneIsMobile = phone.hasPrefix("+336") || phone.hasPrefix("+337")
        } else {
            phoneIsMobile = phone != nil && LobstrValue.bool(result["is_mobile"]) == true
        }
        ownerType = LobstrValue.string(result["owner_type"])
        ownerName = LobstrValue.string(result["owner_name"])
        noSalesmen = LobstrValue.bool(result["no_salesmen"]) ?? false
        isUrgent = LobstrValue.bool(result["urgent"]) ?? false
        isBoosted = LobstrValue.bool(result["is_boosted"]) ?? false
        brand = LobstrValue.string(details["Marque"]) ?? LobstrValue.string(more["brand"])
        model = LobstrValue.string(details["Modèle"]) ?? LobstrValue.string(more["model"])
        modelYear = LobstrValue.int(details["Année modèle"]) ?? LobstrValue.int(more["regdate"])
        // "03/2019": the year is the part after the slash (the seed took the last four characters).
        entryYear = LobstrValue.string(details["Date de première mise en circulation"]).flatMap {
            Int($0.split(separator: "/").last ?? "")
        }
        mileage = LobstrValue.int(more["mileage"]) ?? LobstrValue.int(details["Kilométrage"])
        fuel = LobstrValue.string(details["Carburant"])
        gearbox = LobstrValue.string(details["Boîte de vitesse"])
        priceMin = LobstrValue.double(more["car_price_min"])
        priceMax = LobstrValue.double(more["car_price_max"])
        if let price, let low = priceMin, let high = priceMax, high >= low {
            isLowPrice = price < low + (high - low) / 3
        } else {
            isLowPrice = false
        }
        priceHasDropped = price.flatMap { price in LobstrValue.double(more["old_price"]).map { price < $0 } } ?? false
        firstPublishedAt = LobstrValue.date(result["first_publication_date"])
        lastPublishedAt = LobstrValue.date(result["last_publication_date"])
        hasBeenReposted = firstPublishedAt != nil && lastPublishedAt != nil && firstPublishedAt != lastPublishedAt
        var pictures = (LobstrValue.string(result["pictures"]) ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        if let list = result["pictures"] as? [String] { pictures = list }
        if pictures.isEmpty, let picture = LobstrValue.string(result["picture"]) { pictures = [picture] }
        self.pictures = pictures
        self.details = Self.json(details)
        moreDetails = Self.json(more)
        raw = Self.json(result)
        rejectedFields = rejected
    }

    private static func json(_ object: [String: Any]) -> String {
        guard JSONSerialization.isValidJSONObject(object),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
