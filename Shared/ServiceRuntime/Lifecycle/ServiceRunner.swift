import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Runs an executable's services in one `ServiceGroup` until they stop, with graceful shutdown on SIGTERM
/// and SIGINT and a hard deadline.
///
/// The first signal (or ``requestShutdown(reason:)``) asks every service to stop gracefully, last added
/// first, and arms the deadline: if the group has not finished `shutdownGrace` later, the runner logs and
/// calls `hardExit(.shutdownTimedOut)` from a dedicated thread (so a starved or blocked cooperative pool
/// cannot delay it). A second signal calls it at once. The group is built without signals of its own: the
/// runner must see the first signal to start the clock.
package final class ServiceRunner: Sendable {
    private let group: ServiceGroup
    private let shutdownGrace: Duration
    private let logger: Logger
    private let signals: [Int32]
    private let hardExit: @Sendable (ExitCode) -> Void
    private let state = Mutex(State())

    private struct State {
        var shutdownRequested = false
        var finished = false
    }

    /// - Parameters:
    ///   - services: started in order, stopped in reverse (put servers first, workers after them).
    ///   - hardExit: ends the process; replaced in tests to observe the deadline.
    package init(
        services: [any Service], shutdownGrace: Duration, logger: Logger, signals: [Int32] = [SIGTERM, SIGINT],
        hardExit: @escaping @Sendable (ExitCode) -> Void = ServiceRunner.terminateProcess
    ) {
        self.group = ServiceGroup(configuration: .init(services: services, logger: logger))
        self.shutdownGrace = shutdownGrace
        self.logger = logger
        self.signals = signals
        self.hardExit = hardExit
    }

    /// Ends the process now with `code`, without running exit handlers that could block behind stuck threads.
    package static let terminateProcess: @Sendable (ExitCode) -> Void = { code in
        _exit(code.rawValue)
    }

    /// Runs the services until they have all stopped. Returns ``ExitCode/success`` after a requested graceful
    /// shutdown, ``ExitCode/failure`` when a service threw or stopped on its own.
    package func run() async -> ExitCode {
        let watcher = SignalWatcher(signals: signals) { [self] signal in
            requestShutdown(reason: SignalWatcher.name(of: signal))
        }
        defer { watcher.cancel() }
        do {
            try await group.run()
            let requested = state.withLock { state in
                state.finished = true
                return state.shutdownRequested
            }
            if requested {
                logger.info("Services stopped")
                return .success
            }
            logger.error("Services stopped without a shutdown request")
            return .failure
        } catch {
            state.withLock { $0.finished = true }
            logger.error("Service failed", error: error)
            return .failure
        }
    }

    /// Starts a graceful shutdown (first call) or ends the process at once (any later call).
    package func requestShutdown(reason: String) {
        let first = state.withLock { state in
            defer { state.shutdownRequested = true }
            return !state.shutdownRequested
        }
        guard first else {
            logger.warning("Shutdown forced", metadata: ["shutdown.reason": "\(reason)"])
            hardExit(.shutdownTimedOut)
            return
        }
        logger.info(
            "Graceful shutdown requested",
            metadata: ["shutdown.reason": "\(reason)", "shutdown.grace_seconds": .stringConvertible(seconds)]
        )
        armDeadline()
        let group = self.group
        Task { await group.triggerGracefulShutdown() }
    }

    private var seconds: Double {
        RuntimeConfiguration(shutdownGrace: shutdownGrace).shutdownGraceSeconds
    }

    private func armDeadline() {
        let thread = Thread { [self] in
            Thread.sleep(forTimeInterval: seconds)
            guard !state.withLock({ $0.finished }) else { return }
            logger.critical(
                "Graceful shutdown exceeded its deadline",
                metadata: ["shutdown.grace_seconds": .stringConvertible(seconds)]
            )
            hardExit(.shutdownTimedOut)
        }
        thread.name = "shutdown-deadline"
        thread.start()
    }
}
