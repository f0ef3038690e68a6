import Foundation
import OutboundHTTP

/// The gateway's worker-registry API as a worker calls it (`AP_GATEWAY_URL`, bearer `AP_WORKER_TOKEN`).
struct RegistryClient: Sendable {
    enum Answer: Equatable {
        /// Accepted; heartbeat this often. The gateway counts this worker alive for `lapse` after it took the
        /// call (its live key's TTL).
        case accepted(heartbeatInterval: Duration, lapse: Duration)
        /// 409: another live process holds this worker id.
        case idInUse
        /// 404: the gateway no longer knows this process under the id (register again).
        case unknown
        /// Anything else (5xx, an unreadable answer): try again later.
        case failed(String)
    }

    let client: OutboundHTTPClient
    let gatewayURL: String
    let token: String
    let workerID: String
    let instanceID: UUID

    func register(endpoint: String, maxSessions: Int) async -> Answer {
        await call(
            .post, "/api/admin/workers/register",
            [
                "workerId": workerID, "instanceId": instanceID.uuidString.lowercased(), "endpoint": endpoint,
                "maxSessions": maxSessions,
            ])
    }

    /// `timeout` bounds the whole call: a heartbeat that hangs must fail in time for another before the fence.
    func heartbeat(
        sessions: Int, cpuPercent: Double?, memoryBytes: Int64?, activeConnections: Int, timeout: Duration
    ) async -> Answer {
        var body: [String: Any] = [
            "instanceId": instanceID.uuidString.lowercased(), "sessions": sessions,
            "activeConnections": activeConnections,
        ]
        if let cpuPercent { body["cpuPercent"] = cpuPercent }
        if let memoryBytes { body["memoryBytes"] = memoryBytes }
        return await call(.put, "/api/admin/workers/\(workerID)/heartbeat", body, timeout: timeout)
    }

    func deregister() async -> Answer {
        await call(
            .post, "/api/admin/workers/\(workerID)/deregister", ["instanceId": instanceID.uuidString.lowercased()])
    }

    private func call(
        _ method: OutboundRequest.Method, _ path: String, _ body: [String: Any], timeout: Duration = .seconds(10)
    ) async -> Answer {
        var request = OutboundRequest(method: method, url: gatewayURL + path, totalTimeout: timeout)
        request.setBearerToken(token)
        do {
            request.setBody(Array(try JSONSerialization.data(withJSONObject: body)), contentType: "application/json")
            let response = try await client.send(request)
            switch response.statusCode {
            case 200, 201:
                let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
                let seconds = max(0.1, (object?["heartbeatIntervalSeconds"] as? Double) ?? 10)
                // A gateway that does not say counts three intervals (its live key's TTL).
                let lapse = max(seconds, (object?["lapseSeconds"] as? Double) ?? seconds * 3)
                return .accepted(
                    heartbeatInterval: .milliseconds(Int64(seconds * 1000)), lapse: .milliseconds(Int64(lapse * 1000)))
            case 204: return .accepted(heartbeatInterval: .seconds(10), lapse: .seconds(30))
            case 409: return .idInUse
            case 404: return .unknown
            default: return .failed("HTTP \(response.statusCode)")
            }
        } catch {
            return .failed("\(error)")
        }
    }
}
