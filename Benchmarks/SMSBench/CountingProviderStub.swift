import Foundation
import Hummingbird
import Synchronization

/// Twilio's Message create as the benchmark's provider: answers every POST 201 with a fresh sid and counts
/// arrivals, remembering when the last one came.
final class CountingProviderStub: Sendable {
    private struct State {
        var count = 0
        var last = ContinuousClock.now
    }

    private let state = Mutex(State())

    var count: Int { state.withLock { $0.count } }
    var lastArrival: ContinuousClock.Instant { state.withLock { $0.last } }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/2010-04-01/Accounts/:account/Messages.json") { request, _ in
            _ = try await request.body.collect(upTo: 1 << 16)
            self.state.withLock {
                $0.count += 1
                $0.last = ContinuousClock.now
            }
            let sid = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let body = #"{"sid":"\#(sid)","status":"queued","num_segments":"1"}"#
            return Response(
                status: .created, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        return router
    }
}
