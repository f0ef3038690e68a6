import Foundation
import Hummingbird

/// A Twilio Message create that accepts every POST with a fresh `SM…` sid, as the real one does (the
/// message store keeps provider ids unique, so a stub answering one fixed sid cannot serve many messages).
/// Records every request for the test to count.
struct UniqueSIDTwilioStub: Sendable {
    let log = RequestLog()

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("**") { request, _ in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            await log.append(RecordedRequest(request, body: body))
            let sid = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            return jsonResponse(201, ["sid": sid, "status": "queued", "num_segments": "1"])
        }
        return router
    }

    /// The decoded `Body` of every request, in arrival order.
    func bodies() async throws -> [String] {
        try await log.requests.map {
            try URLEncodedFormDecoder().decode(TwilioStub.Parameters.self, from: $0.body).Body ?? ""
        }
    }
}
