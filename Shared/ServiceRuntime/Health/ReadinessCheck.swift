/// One dependency a service needs before it can do its work (Redis answers, Postgres answers...).
///
/// The probe throws when the dependency is not usable. It is given `timeout` to answer; a probe still
/// running then counts as failing and is cancelled (a stuck probe never holds up `/ready`).
package struct ReadinessCheck: Sendable {
    /// The key of this check in the `/ready` report, e.g. `redis`.
    package let name: String
    package let timeout: Duration
    package let probe: @Sendable () async throws -> Void

    package init(_ name: String, timeout: Duration = .seconds(2), probe: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.timeout = timeout
        self.probe = probe
    }
}
