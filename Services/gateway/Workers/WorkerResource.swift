import Foundation

/// A worker as `GET /api/admin/workers` shows it:
///
/// ```json
/// {"id":"wa-1","endpoint":"http://10.0.0.5:8081","status":"online","maxSessions":50,"sessions":12,"load":0.24,
///  "cpuPercent":3.5,"memoryBytes":52428800,"activeConnections":12,"registeredAt":"…","lastHeartbeatAt":"…"}
/// ```
///
/// `status`: `online` (its live key is renewed by heartbeats), `offline` (heartbeats lapsed: the process is
/// gone or cut off) or `stopped` (it deregistered). `load` is sessions over capacity.
package struct WorkerResource: Codable, Sendable, Equatable {
    package var id: String
    package var instanceId: String
    package var endpoint: String
    package var status: String
    package var maxSessions: Int
    package var sessions: Int
    package var load: Double
    package var cpuPercent: Double?
    package var memoryBytes: Int64?
    package var activeConnections: Int?
    package var registeredAt: Date
    package var lastHeartbeatAt: Date
}

/// What a register or heartbeat call answers: how often to heartbeat, and for how long after this answer's
/// heartbeat the gateway still counts the worker alive (its live key's TTL) before it may move the worker's
/// sessions; the worker stops them by itself before then (fencing).
struct WorkerAcknowledgement: Codable, Sendable {
    var workerId: String
    var status: String
    var heartbeatIntervalSeconds: Double
    var lapseSeconds: Double
}
