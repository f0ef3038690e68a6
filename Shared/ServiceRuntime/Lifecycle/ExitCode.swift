/// How a service process ends; orchestrators and tests read these.
package enum ExitCode: Int32, Sendable {
    /// Stopped gracefully after SIGTERM/SIGINT.
    case success = 0
    /// A service failed to build or stopped with an error (or without being asked to).
    case failure = 1
    /// Graceful shutdown did not finish within `AP_SHUTDOWN_GRACE_SECONDS`, or a second signal forced the
    /// exit (`EX_SOFTWARE`).
    case shutdownTimedOut = 70
    /// The environment is missing or has malformed keys (`EX_CONFIG`); the process did not start.
    case configuration = 78
}
