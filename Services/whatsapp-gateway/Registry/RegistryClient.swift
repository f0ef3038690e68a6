import Foundation
import OutboundHTTP

/// The gateway's worker-registry API as a worker calls it (`AP_GATEWAY_URL`, bearer `AP_WORKER_TOKEN`).
struct RegistryClient: Sendable {
    enum Answer: Equatable {
        /// Accepted; heartbeat this often.
        case accepted(heartbeatInterval: Duration)
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

    func heartbeat(sessions: Int, cpuPercent: Double?, memoryBytes: Int64?, activeConnections: Int) async -> Answer {
        var body: [String: Any] = [
            "instanceId": instanceID.uuidString.lowercased(), "sessions": sessions,
            "activeConnections": activeConnections,
        ]
        if let cpuPercent { body["cpuPercent"] = cpuPercent }
        if let memoryBytes { body["memoryBytes"] = memoryBytes }
        return await call(.put, "/api/admin/workers/\(workerID)/heartbeat", body)
    }

    func deregister() async -> Answer {
        await call(
            .post, "/api/admin/workers/\(workerID)/deregister", ["instanceId": instanceID.uuidString.lowercased()])
    }

    private func call(_ method: OutboundRequest.Method, _ path: String, _ body: [String: Any]) async -> Answer {
        var request = OutboundRequest(method: method, url: gatewayURL + path, totalTimeout: .seconds(10))
        request.setBearerToken(token)
        do {
            request.setBody(Array(try JSONSerialization.data(withJSONObject: body)), contentType: "application/json")
            let response = try await client.send(request)
            switch response.statusCode {
            case 200, 201:
                let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
                let seconds = (object?["heartbeatIntervalSeconds"] as? Double) ?? 10
                return .accepted(heartbeatInterval: .milliseconds(Int64(max(0.1, seconds) * 1000)))
            case 204: return .accepted(heartbeatInterval: .seconds(10))
            case 409: return .idInUse
            case 404: return .unknown
            default: return .failed("HTTP \(response.statusCode)")
            }
        } catch {
            return .failed("\(error)")
        }
    }
}
