import Hummingbird

extension SessionController {
    /// `GET /api/sessions/{id}/events`: the session's event stream (``SessionEventStream``), one subscriber of the
    /// gateway's `events` fan-out; 429 `too-many-event-streams` (with `Retry-After`) when the account already
    /// holds its `AP_SSE_MAX_STREAMS_PER_ACCOUNT` streams, 503 `shutting-down` once the gateway is stopping.
    func eventStream(_ context: AccountRequestContext) async throws -> Response {
        let session = try await session(context)
        switch sessionEvents.subscribe(topic: session.id, account: context.accountID.uuidString.lowercased()) {
        case .success(let subscription):
            // Read again once subscribed: a change published between the first read and the subscribe would
            // otherwise be in neither the initial state nor the stream.
            return SessionEventStream(subscription: subscription).response(
                current: (try? await self.session(context)) ?? session)
        case .failure(.accountAtCapacity):
            let cap = sessionEvents.maxStreamsPerAccount
            throw ProblemDetails(
                status: .tooManyRequests, type: "urn:auto-prospect:problem:too-many-event-streams",
                detail: "This account holds \(cap) open event streams, its maximum: close one, or retry later.",
                headers: [.retryAfter: "5"])
        case .failure(.closed):
            throw ProblemDetails(
                status: .serviceUnavailable, type: "urn:auto-prospect:problem:shutting-down",
                detail: "This gateway is shutting down; reconnect.", headers: [.retryAfter: "1"])
        }
    }
}
