import Foundation
import Hummingbird

/// Voice Partner on a local server, speaking PROVIDERS.md §2 as documented: the key in the JSON body (POST)
/// or the path (GET), `{"success": true, "campaignId", "cost", "nbSms", …}` on success, and
/// `{"success": false, "code", "message"}` for 10 (bad key), 11 (credit), 50 (over 500 numbers), 55 (no
/// number) and 90 (malformed JSON) in an HTTP 200 or 4xx as configured, and 429 past 5 drop requests a minute
/// per key. A key can be given a script of answers (used one per request) before ordinary behaviour.
actor VoicePartnerStub {
    enum Answer: Sendable {
        case error(status: Int, code: Int)
        case tooManyRequests
        /// Waits, then answers normally (longer than the client's timeout: the client gives up, the campaign exists).
        case acceptAfter(Duration)
    }

    struct Campaign: Sendable {
        var id: String
        var kind: String
        var tokenAudio: String?
        var text: String?
        var phoneNumbers: [String]
        var sender: String?
        var notifyURL: String?
    }

    let apiKey: String
    /// Drops left to bill; code 11 beyond.
    private var credit: Int
    /// The HTTP status that carries `success: false` (Voice Partner's is unconfirmed: 200 or 4xx).
    private let errorStatus: Int?
    private let dropLimitPerMinute: Int
    private var scripts: [Answer] = []
    private var dropRequests: [Date] = []
    private(set) var campaigns: [Campaign] = []
    private(set) var requestCount = 0
    private(set) var rateLimited = 0

    init(apiKey: String, credit: Int = 100_000, errorStatus: Int? = nil, dropLimitPerMinute: Int = 5) {
        self.apiKey = apiKey
        self.credit = credit
        self.errorStatus = errorStatus
        self.dropLimitPerMinute = dropLimitPerMinute
    }

    func script(_ answers: [Answer]) { scripts += answers }

    static let audios =
        #"{"success":true,"nb_datas":2,"datas":[{"name":"relance","token":"tok-relance","size":"104.5Ko","duration":"0:07","created_at":{"date":"2026-04-16 13:26:46.000000","timezone_type":3,"timezone":"Europe/Paris"}},{"name":"bienvenue","token":"tok-bienvenue","size":"88Ko","duration":"0:05"}]}"#

    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/v1/campaign/send") { request, context in
            let body = try await request.body.collect(upTo: 1 << 20)
            return await self.send(kind: "drop", body: Array(body.readableBytesView))
        }
        router.post("/v1/tts/send") { request, context in
            let body = try await request.body.collect(upTo: 1 << 20)
            return await self.send(kind: "tts", body: Array(body.readableBytesView))
        }
        router.get("/v1/audios/:key") { _, context in
            guard context.parameters.get("key") == self.apiKey else {
                return Self.error(401, code: 10, "Clé API incorrecte")
            }
            return Self.json(200, Self.audios)
        }
        return router
    }

    private func send(kind: String, body: [UInt8]) async -> Response {
        requestCount += 1
        guard let fields = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return failure(400, 90, "JSON invalide")
        }
        guard fields["apiKey"] as? String == apiKey else { return failure(401, 10, "Clé API incorrecte") }
        if !scripts.isEmpty {
            switch scripts.removeFirst() {
            case .error(let status, let code): return Self.error(status, code: code, "Erreur")
            case .tooManyRequests:
                rateLimited += 1
                return Self.error(429, code: 429, "Too Many Requests")
            case .acceptAfter(let wait): try? await Task.sleep(for: wait)
            }
        }
        if kind == "drop" {
            let now = Date()
            dropRequests = dropRequests.filter { now.timeIntervalSince($0) < 60 }
            guard dropRequests.count < dropLimitPerMinute else {
                rateLimited += 1
                return Self.error(429, code: 429, "Too Many Requests")
            }
            dropRequests.append(now)
        }
        let numbers = (fields["phoneNumbers"] as? String ?? "").split(separator: ",").map(String.init)
        guard !numbers.isEmpty else { return failure(400, 55, "Aucun numéro") }
        guard numbers.count <= 500 else { return failure(400, 50, "Le nombre de numéros autorisés est de 500 maxi") }
        guard numbers.count <= credit else { return failure(400, 11, "Crédit insuffisant") }
        credit -= numbers.count
        let id = "C" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)
        campaigns.append(
            Campaign(
                id: id, kind: kind, tokenAudio: fields["tokenAudio"] as? String, text: fields["text"] as? String,
                phoneNumbers: numbers, sender: fields["sender"] as? String, notifyURL: fields["notifyUrl"] as? String))
        let cost = Double(numbers.count) * 0.15
        return Self.json(
            200,
            #"{"success":true,"campaignId":"\#(id)","cost":\#(cost),"currency":"EUR","nbSms":\#(numbers.count),"detail":{"33":{"nbSms":\#(numbers.count),"cost_unity":0.15,"cost":\#(cost)}}}"#
        )
    }

    private func failure(_ status: Int, _ code: Int, _ message: String) -> Response {
        Self.error(errorStatus ?? status, code: code, message)
    }

    private static func error(_ status: Int, code: Int, _ message: String) -> Response {
        json(status, #"{"success":false,"code":\#(code),"message":"\#(message)"}"#)
    }

    private static func json(_ status: Int, _ text: String) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
