import Logging

/// Settings every service reads: how much it logs and how long it may take to stop.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `AP_LOG_LEVEL` | `info` | `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical` |
/// | `AP_SHUTDOWN_GRACE_SECONDS` | `10` | time to stop gracefully after SIGTERM/SIGINT (0.1–600), then exit 70 |
package struct RuntimeConfiguration: Sendable, Hashable {
    package var logLevel: Logger.Level
    package var shutdownGrace: Duration

    package init(logLevel: Logger.Level = .info, shutdownGrace: Duration = .seconds(10)) {
        self.logLevel = logLevel
        self.shutdownGrace = shutdownGrace
    }

    /// ``shutdownGrace`` in seconds, for logs and timers.
    package var shutdownGraceSeconds: Double {
        Double(shutdownGrace.components.seconds) + Double(shutdownGrace.components.attoseconds) / 1e18
    }

    package init(reader: EnvironmentConfiguration) {
        self.init(
            logLevel: reader.enumeration("AP_LOG_LEVEL", default: .info),
            shutdownGrace: reader.seconds("AP_SHUTDOWN_GRACE_SECONDS", default: .seconds(10), range: 0.1...600)
        )
    }
}

/// A service's whole configuration: read from the environment at start-up, with the runtime settings the
/// launcher needs before the service is built.
package protocol EnvironmentConfigurable: Sendable {
    /// Reads every key the service uses; problems are collected by `reader`.
    init(reader: EnvironmentConfiguration)
    /// Log level and shutdown grace.
    var runtime: RuntimeConfiguration { get }
}
