import Logging
import Synchronization

/// Installs ``JSONLogHandler`` as the process's swift-log backend.
package enum LoggingBootstrap {
    private static let done = Mutex(false)

    /// Makes every `Logger` write JSON lines for `service` at `level` or above. swift-log traps when
    /// bootstrapped twice, so only the first call in a process does anything; it returns whether it did.
    @discardableResult
    package static func bootstrap(
        service: String, level: Logger.Level, sink: LogSink = .standardOutput,
        metadataProvider: Logger.MetadataProvider? = nil
    ) -> Bool {
        let first = done.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return false }
        LoggingSystem.bootstrap(
            { label, provider in
                JSONLogHandler(label: label, service: service, logLevel: level, sink: sink, metadataProvider: provider)
            },
            metadataProvider: metadataProvider
        )
        return true
    }
}
