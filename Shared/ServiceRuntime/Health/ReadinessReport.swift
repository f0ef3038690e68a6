/// The body of `/ready`: the overall verdict and every check's outcome.
///
/// ```json
/// {"checks":{"redis":{"durationMs":1,"status":"ok"}},"service":"sms-sender","status":"ready"}
/// ```
package struct ReadinessReport: Sendable, Codable, Hashable {
    /// `ready` when every check passed (or there are none), `unavailable` otherwise.
    package enum Status: String, Sendable, Codable, Hashable {
        case ready
        case unavailable
    }

    /// How one check ended.
    package enum CheckStatus: String, Sendable, Codable, Hashable {
        case ok
        case failing
        case timeout
    }

    /// One check's outcome; `error` describes a failure (module errors carry no secrets).
    package struct CheckResult: Sendable, Codable, Hashable {
        package var status: CheckStatus
        package var error: String?
        package var durationMs: Int

        package init(status: CheckStatus, error: String? = nil, durationMs: Int) {
            self.status = status
            self.error = error
            self.durationMs = durationMs
        }
    }

    package var status: Status
    package var service: String
    package var checks: [String: CheckResult]

    package init(service: String, checks: [String: CheckResult]) {
        self.status = checks.values.allSatisfy { $0.status == .ok } ? .ready : .unavailable
        self.service = service
        self.checks = checks
    }
}

/// The body of `/health`: `{"service":"gateway","status":"ok"}`. Liveness only: it answers while the process
/// can serve HTTP at all, whatever its dependencies are doing.
package struct HealthStatus: Sendable, Codable, Hashable {
    package var status: String
    package var service: String

    package init(service: String) {
        self.status = "ok"
        self.service = service
    }
}
