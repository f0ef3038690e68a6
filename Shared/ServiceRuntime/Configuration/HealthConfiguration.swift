/// Where a service without a public HTTP API serves `/health` and `/ready`.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `AP_HEALTH_HOST` | `127.0.0.1` | address to bind; containers probed from outside (Kubernetes) set `0.0.0.0` |
/// | `AP_HEALTH_PORT` | `8081` | port to bind, `0` for an ephemeral one (logged as `health.port`) |
///
/// Loopback by default so that a service started by hand exposes nothing; a compose healthcheck runs inside
/// the container and reaches loopback too.
package struct HealthConfiguration: Sendable, Hashable {
    package var host: String
    package var port: Int

    package init(host: String = "127.0.0.1", port: Int = 8081) {
        self.host = host
        self.port = port
    }

    package init(reader: EnvironmentConfiguration) {
        self.init(
            host: reader.string(
                "AP_HEALTH_HOST", default: "127.0.0.1", expected: "a host name or IP address",
                isValid: Self.isHost
            ),
            port: reader.int("AP_HEALTH_PORT", default: 8081, range: 0...65535)
        )
    }

    /// A plausible host name or address to bind: no spaces, slashes or schemes.
    package static func isHost(_ value: String) -> Bool {
        !value.contains { $0.isWhitespace || $0 == "/" || $0 == "@" }
    }
}
