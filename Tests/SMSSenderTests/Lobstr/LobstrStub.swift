import Foundation
import Hummingbird

/// Lobstr on a local server, speaking PROVIDERS.md §5 as documented: `GET /v1/results?run=…&page=…&limit=…`
/// with `Authorization: Token <key>` (401 `{"detail"}` otherwise, 404 for an unknown run), the paging envelope
/// (`total_results`, `total_pages`, `page`, `data`), at most 100 a page, and 2 requests a second per key (429
/// with `Retry-After` and the documented body beyond). Each run's results are synthetic LeBonCoin car ads
/// (``result(run:index:)``). Answers can be scripted per page: a 500, a 429, or a slow answer.
actor LobstrStub {
    enum Answer: Sendable {
        case serverError
        case tooManyRequests(retryAfter: Int)
        /// Waits, then answers normally.
        case slow(Duration)
    }

    let apiKey: String
    private var runs: [String: Int] = [:]
    private var scripts: [Int: [Answer]] = [:]
    private var recent: [Date] = []
    /// Pages answered with results, in order (a page answered to a client that hung up counts too).
    private(set) var served: [Int] = []
    private(set) var rateLimited = 0
    private(set) var requests = 0

    init(apiKey: String) {
        self.apiKey = apiKey
    }

    func addRun(_ id: String, results: Int) { runs[id] = results }
    func script(page: Int, _ answers: [Answer]) { scripts[page, default: []] += answers }

    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/v1/results") { request, _ in
            let query = request.uri.queryParameters
            return await self.results(
                authorization: request.headers[.authorization], run: query.get("run").map { String($0) },
                page: query.get("page").flatMap { Int($0) } ?? 1, limit: query.get("limit").flatMap { Int($0) } ?? 50)
        }
        return router
    }

    private func results(authorization: String?, run: String?, page: Int, limit: Int) async -> Response {
        requests += 1
        guard authorization == "Token \(apiKey)" else {
            return Self.json(401, #"{"detail":"Invalid token."}"#)
        }
        let now = Date()
        recent = recent.filter { now.timeIntervalSince($0) < 1 }
        guard recent.count < 2 else {
            rateLimited += 1
            return Self.json(
                429, #"{"error":"Rate limit exceeded. Please try again later.","type":"RateLimitExceeded","code":429}"#,
                retryAfter: 1)
        }
        recent.append(now)
        if var answers = scripts[page], !answers.isEmpty {
            let answer = answers.removeFirst()
            scripts[page] = answers
            switch answer {
            case .serverError: return Self.json(500, #"{"detail":"Internal server error"}"#)
            case .tooManyRequests(let retryAfter):
                rateLimited += 1
                return Self.json(
                    429,
                    #"{"error":"Rate limit exceeded. Please try again later.","type":"RateLimitExceeded","code":429}"#,
                    retryAfter: retryAfter)
            case .slow(let wait): try? await Task.sleep(for: wait)
            }
        }
        guard let run, let total = runs[run] else {
            return Self.json(404, #"{"detail":"RunDoesNotExist"}"#)
        }
        let size = min(max(1, limit), 100)
        let pages = (total + size - 1) / size
        let range = ((page - 1) * size)..<min(total, page * size)
        let data = range.isEmpty ? [] : range.map { Self.result(run: run, index: $0) }
        served.append(page)
        let envelope: [String: Any] = [
            "total_results": total, "limit": size, "page": page, "total_pages": pages,
            "result_from": range.lowerBound + 1, "result_to": range.upperBound, "next": NSNull(),
            "previous": NSNull(), "data": data,
        ]
        let body = (try? JSONSerialization.data(withJSONObject: envelope)).map { String(decoding: $0, as: UTF8.self) }
        return Self.json(200, body ?? "{}")
    }

    /// The `index`th result of `run`: a car ad whose fields vary with the index (every 10th has no phone,
    /// every 7th is a landline, every 5th says no salesmen; prices under and over the market band).
    static func result(run: String, index: Int) -> [String: Any] {
        let phone: Any =
            index % 10 == 9
            ? NSNull()
            : (index % 7 == 3
                ? "04 78 00 \(String(format: "%02d %02d", index / 100, index % 100))"
                : "06 12 \(String(format: "%02d %02d %02d", index / 10000, (index / 100) % 100, index % 100))")
        return [
            "id": "res-\(run)-\(index)", "object": "result", "squid": "squid-lyon", "run": run,
            "annonce_id": "27\(String(format: "%08d", index))", "title": "Peugeot 208 n°\(index)",
            "price": 6_000 + index * 10, "currency": "EUR", "url": "https://www.leboncoin.fr/ad/voitures/\(index)",
            "description": "Première main", "category_name": "Voitures", "city": "Lyon", "postal_code": "69003",
            "department": "Rhône", "region": "Auvergne-Rhône-Alpes", "lat": "45.7597", "lng": "4.8422",
            "first_publication_date": "2025-06-17 09:12:44",
            "last_publication_date": index % 2 == 0 ? "2025-06-18 08:01:02" : "2025-06-17 09:12:44",
            "owner_type": "private", "owner_name": "Vendeur \(index)", "has_phone": !(phone is NSNull), "phone": phone,
            "is_mobile": NSNull(), "urgent": index % 4 == 0, "is_boosted": false, "no_salesmen": index % 5 == 0,
            "picture": "https://img.leboncoin.fr/\(index)/1.jpg",
            "pictures": "https://img.leboncoin.fr/\(index)/1.jpg,https://img.leboncoin.fr/\(index)/2.jpg",
            "details": [
                "Marque": "Peugeot", "Modèle": "208", "Année modèle": "2019", "Kilométrage": "85 000 km",
                "Carburant": "Essence", "Boîte de vitesse": "Manuelle",
                "Date de première mise en circulation": "03/2019",
            ],
            "more_details": [
                "brand": "Peugeot", "model": "208", "mileage": "85000", "regdate": "2019", "old_price": "8900",
                "car_price_min": "7000", "car_price_max": "10000",
            ],
        ]
    }

    private static func json(_ status: Int, _ text: String, retryAfter: Int? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = "\(retryAfter)" }
        return Response(
            status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
