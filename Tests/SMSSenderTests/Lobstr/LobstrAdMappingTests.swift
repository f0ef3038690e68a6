import Foundation
import LobstrAPI
import Testing

/// Reading Lobstr's LeBonCoin results (PROVIDERS.md §5.5, SEED-APP §4.3) without I/O: every field read
/// defensively, a bad field rejected alone (never the whole ad, as the seed did), the raw result kept.
@Suite struct LobstrAdMappingTests {
    private func page(_ results: [[String: Any]], total: Int = 1) throws -> LobstrResultsPage {
        let envelope: [String: Any] = [
            "total_results": total, "page": 1, "total_pages": 1, "limit": 100, "data": results,
        ]
        return try #require(LobstrResultsPage.decode(Array(try JSONSerialization.data(withJSONObject: envelope))))
    }

    @Test func aCarAdIsReadFieldByFieldWithItsPriceBand() throws {
        let read = try page([LobstrStubResult.car])
        let ad = try #require(read.ads.first)
        #expect(ad.annonceID == "2715494476" && ad.phone == "+33612345678" && ad.phoneIsMobile)
        #expect(ad.brand == "Peugeot" && ad.model == "208" && ad.modelYear == 2019 && ad.entryYear == 2019)
        #expect(ad.mileage == 85_000 && ad.price == 8_500 && ad.priceMin == 7_600 && ad.priceMax == 9_400)
        // 8,500 is above the band's lowest third (7,600 + 600) and below the old price (8,900).
        #expect(!ad.isLowPrice && ad.priceHasDropped && ad.hasBeenReposted && ad.noSalesmen)
        #expect(ad.latitude == 45.7597 && ad.longitude == 4.8422 && ad.pictures.count == 2)
        #expect(ad.firstPublishedAt == Date(timeIntervalSince1970: 1_750_151_564))
        #expect(ad.rejectedFields.isEmpty && ad.raw.contains("\"hash_value\""))
    }

    @Test func badFieldsAreRejectedAloneAndResultsWithoutAnIDAreCounted() throws {
        var odd = LobstrStubResult.car
        odd["phone"] = "pas de numéro"
        odd["lat"] = "north"
        odd["details"] = #"{"Marque":"Renault","Kilométrage":"123 456 km"}"#  // details as a JSON string
        odd["more_details"] = NSNull()
        odd["price"] = "7900"
        var landline = LobstrStubResult.car
        landline["phone"] = "04 78 12 34 56"
        landline["annonce_id"] = "2"
        var anonymous = LobstrStubResult.car
        anonymous["annonce_id"] = NSNull()
        let read = try page([odd, landline, anonymous], total: 3)
        #expect(read.ads.count == 2 && read.unreadable == 1 && read.totalResults == 3)
        let first = read.ads[0]
        #expect(first.phone == nil && !first.phoneIsMobile && first.latitude == nil && first.longitude == 4.8422)
        #expect(Set(first.rejectedFields) == ["phone", "lat"])
        #expect(first.brand == "Renault" && first.mileage == 123_456 && first.price == 7_900 && !first.priceHasDropped)
        #expect(read.ads[1].phone == "+33478123456" && !read.ads[1].phoneIsMobile)
    }
}

/// PROVIDERS.md §5.5's example result.
enum LobstrStubResult {
    static var car: [String: Any] {
        [
            "id": "b3f1c0a3e9d24c6f8a1e2d3c4b5a6978", "object": "result", "squid": "8177beb16fdf4e0e8d4b2ba767d1ffb5",
            "run": "c39b1922a5424c3c84a7cb2ec731bc5f", "scraping_time": "2025-06-18T17:20:11",
            "annonce_id": "2715494476", "title": "Peugeot 208 1.2 PureTech 82ch Active", "price": 8500,
            "currency": "EUR",
            "url": "https://www.leboncoin.fr/ad/voitures/2715494476", "description": "Première main, CT OK...",
            "category_name": "Voitures", "ad_type": "offer", "region": "Auvergne-Rhône-Alpes", "department": "Rhône",
            "city": "Lyon", "city_label": "Lyon 69003", "postal_code": "69003", "lat": "45.7597", "lng": "4.8422",
            "first_publication_date": "2025-06-17 09:12:44", "last_publication_date": "2025-06-18 08:01:02",
            "owner_type": "private", "owner_name": "Jean-Marc", "has_phone": true, "phone": "0612345678",
            "phone_from_user": NSNull(), "is_mobile": true, "urgent": false, "is_boosted": false, "no_salesmen": true,
            "picture": "https://img.leboncoin.fr/1.jpg",
            "pictures": "https://img.leboncoin.fr/1.jpg,https://img.leboncoin.fr/2.jpg",
            "details": [
                "Marque": "Peugeot", "Modèle": "208", "Année modèle": "2019", "Kilométrage": "85 000 km",
                "Carburant": "Essence", "Boîte de vitesse": "Manuelle",
                "Date de première mise en circulation": "03/2019",
            ],
            "more_details": [
                "brand": "Peugeot", "model": "208", "fuel": "1", "gearbox": "1", "mileage": "85000", "regdate": "2019",
                "old_price": "8900", "car_price_min": "7600", "car_price_max": "9400",
            ],
            "hash_value": "1679091c5a880faf6fb5e6087eb1b2dc",
        ]
    }
}
