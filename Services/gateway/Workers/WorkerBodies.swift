import Domain
import Foundation
import Hummingbird

/// `POST /api/admin/workers/register`: `{"workerId","instanceId","endpoint","maxSessions"}`. `instanceId` is a
/// UUID the process draws at start: it tells a restart of the same worker from a second process using the
/// same id.
struct WorkerRegistration: StrictJSONBody {
    static let fields: Set<String> = ["workerId", "instanceId", "endpoint", "maxSessions"]
    var workerId: String
    var instanceId: UUID
    var endpoint: String
    var maxSessions: Int

    func validationErrors() -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        if !WorkerID.isValid(workerId) { errors.append(.init(field: "workerId", message: "must be \(WorkerID.rule)")) }
        let url = URL(string: endpoint)
        if endpoint.utf8.count > 500 || url?.host == nil || !["http", "https"].contains(url?.scheme ?? "") {
            errors.append(.init(field: "endpoint", message: "must be an http(s) URL of at most 500 bytes"))
        }
        if !(1...100_000).contains(maxSessions) {
            errors.append(.init(field: "maxSessions", message: "must be from 1 to 100000"))
        }
        return errors
    }
}

/// `PUT /api/admin/workers/{id}/heartbeat`: `{"instanceId","sessions","cpuPercent"?,"memoryBytes"?,
/// "activeConnections"?}`.
struct WorkerHeartbeat: StrictJSONBody {
    static let fields: Set<String> = ["instanceId", "sessions", "cpuPercent", "memoryBytes", "activeConnections"]
    static let optionalFields: Set<String> = ["cpuPercent", "memoryBytes", "activeConnections"]
    var instanceId: UUID
    var sessions: Int
    var cpuPercent: Double?
    var memoryBytes: Int64?
    var activeConnections: Int?

    /// The most `sessions` and `activeConnections` may be: their columns are `int`.
    static let maxCount = Int(Int32.max)

    func validationErrors() -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        if !(0...Self.maxCount).contains(sessions) {
            errors.append(.init(field: "sessions", message: "must be from 0 to \(Self.maxCount)"))
        }
        if let cpuPercent, !(cpuPercent.isFinite && cpuPercent >= 0) {
            errors.append(.init(field: "cpuPercent", message: "must be a non-negative number"))
        }
        if let memoryBytes, memoryBytes < 0 {
            errors.append(.init(field: "memoryBytes", message: "must not be negative"))
        }
        if let activeConnections, !(0...Self.maxCount).contains(activeConnections) {
            errors.append(.init(field: "activeConnections", message: "must be from 0 to \(Self.maxCount)"))
        }
        return errors
    }
}

/// `POST /api/admin/workers/{id}/deregister`: `{"instanceId"}`.
struct WorkerDeregistration: StrictJSONBody {
    static let fields: Set<String> = ["instanceId"]
    var instanceId: UUID
}
