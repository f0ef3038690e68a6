import Domain
import Foundation
import Hummingbird
import Outbox
import Redis

/// `POST /api/sessions/{id}/pairing-code`: link with a phone number instead of a QR (ANCHORS.md §4.2). The
/// engine makes the code on the session's worker, which writes it to Redis (``SessionKeys/pairingCode(_:)``,
/// TTL = its life); the gateway clears the key, sends the command and polls for up to
/// ``pairingCodeWait``. An empty value is the worker saying the session is not waiting for pairing.
extension SessionController {
    /// How long the request waits for the worker's code.
    static let pairingCodeWait = Duration.seconds(5)

    static let notPairing = ProblemDetails(
        status: .conflict, type: "urn:auto-prospect:problem:session-not-pairing",
        detail: "This session is not waiting for pairing (only a qr_required session can link by code).")

    func pairingCode(_ request: Request, _ context: AccountRequestContext) async throws -> Response {
        let body = try await request.decodeStrict(PairingCodeRequest.self, context: context)
        var response = try Response.json(
            try await pairingCode(
                for: try await session(context), accountID: context.accountID, phoneNumber: body.phoneNumber))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Asks the session's worker for a code linking `phoneNumber` (checked by the caller); waits for it.
    func pairingCode(for session: SessionResource, accountID: UUID, phoneNumber: String) async throws
        -> PairingCodeResource
    {
        guard session.status == SessionStatus.qrRequired.rawValue, let worker = session.workerId else {
            throw Self.notPairing
        }
        let id = UUID(uuidString: session.id)!
        let key = placement.keys.pairingCode(id)
        _ = try await stores.redis.send("DEL", key)
        try await placement.send(
            .pairingCode, sessionID: id, accountID: accountID, workerID: worker,
            argument: .init(phoneNumber: phoneNumber))
        let deadline = ContinuousClock.now + Self.pairingCodeWait
        while ContinuousClock.now < deadline {
            let replies = try await stores.redis.pipeline([RedisCommandBuilder.get(key), RedisCommandBuilder.pttl(key)])
            if let code = try replies[0].orThrow().string {
                guard !code.isEmpty, let ttl = try replies[1].orThrow().int, ttl > 0 else { throw Self.notPairing }
                return PairingCodeResource(code: code, expiresInMs: ttl)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ProblemDetails(
            status: .gatewayTimeout, type: "urn:auto-prospect:problem:worker-timeout",
            detail: "The session's worker did not answer in time; retry.")
    }
}

/// `POST /api/sessions/{id}/pairing-code`'s answer. The code is a credential: never logged, never cached.
struct PairingCodeResource: Codable, Sendable {
    /// `XXXX-XXXX`, to enter on the phone (Linked devices → Link with phone number).
    var code: String
    var expiresInMs: Int
}
