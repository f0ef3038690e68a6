import Cryptography
import Foundation
import Hummingbird

/// A customer's webhook receiver on a local server: checks each request's Standard Webhooks headers against
/// the secrets it is told (its own HMAC, from the spec: base64 HMAC-SHA256 of "id.timestamp.body" keyed with
/// the base64-decoded secret), records it, and answers as scripted: a status per request, or a delay.
actor WebhookReceiver {
    struct Received: Sendable {
        var path: String
        var id: String
        var timestamp: Int
        var body: String
        /// Which of the known secrets (indexes into the secrets given) a `v1` signature of the header verifies.
        var verifiedWith: Set<Int>
        var answered: Int
    }

    private var secrets: [String] = []
    private var script: [Int] = []
    private var alwaysFail = false
    private var delay: Duration = .zero
    private(set) var received: [Received] = []

    func trust(_ secret: String) { secrets.append(secret) }
    /// The next requests answer these statuses, one each (-1: hang 3 s, longer than the sender waits, then
    /// answer 204 to no one); then 204.
    func answer(_ statuses: [Int]) { script = statuses }
    func failAlways(_ fail: Bool) { alwaysFail = fail }
    func slow(_ delay: Duration) { self.delay = delay }

    /// The event ids answered with a 2xx, in the order first answered so.
    func delivered(path: String = "/hook") -> [String] {
        var seen: Set<String> = []
        return received.filter { $0.path == path && (200...299).contains($0.answered) && seen.insert($0.id).inserted }
            .map(\.id)
    }

    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        for path in ["/hook", "/hook2"] {
            router.post(RouterPath(path)) { request, _ in
                let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
                let status = await self.take(
                    path: path, id: request.headers[HTTPFields.Element.Name("webhook-id")!] ?? "",
                    timestamp: request.headers[HTTPFields.Element.Name("webhook-timestamp")!] ?? "",
                    signature: request.headers[HTTPFields.Element.Name("webhook-signature")!] ?? "", body: body)
                return Response(status: .init(code: status))
            }
        }
        return router
    }

    private func take(path: String, id: String, timestamp: String, signature: String, body: String) async -> Int {
        if delay > .zero { try? await Task.sleep(for: delay) }
        var status = alwaysFail ? 500 : (script.isEmpty ? 204 : script.removeFirst())
        var answered = status
        if status == -1 {
            try? await Task.sleep(for: .seconds(3))
            (status, answered) = (204, 0)  // the sender has given up: recorded as not answered
        }
        var verified: Set<Int> = []
        for (index, secret) in secrets.enumerated() {
            guard let key = Data(base64Encoded: String(secret.dropFirst("whsec_".count))),
                let mac = try? HMAC.sha256(Array("\(id).\(timestamp).\(body)".utf8), key: Array(key))
            else { continue }
            let expected = "v1," + Data(mac).base64EncodedString()
            if signature.split(separator: " ").contains(where: { $0 == expected }) { verified.insert(index) }
        }
        received.append(
            Received(
                path: path, id: id, timestamp: Int(timestamp) ?? 0, body: body, verifiedWith: verified,
                answered: answered))
        return status
    }
}
