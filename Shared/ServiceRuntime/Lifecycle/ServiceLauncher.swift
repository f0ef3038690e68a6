import Foundation
import Logging
import ServiceLifecycle

/// The whole life of a service executable, called from its `@main`:
///
/// 1. read the configuration from the environment; on problems print them to stderr (and one JSON log line
///    to stdout) and exit with ``ExitCode/configuration`` (78), no stack trace;
/// 2. bootstrap JSON-lines logging at `AP_LOG_LEVEL`;
/// 3. build the services (connections, routers...); a failure exits with ``ExitCode/failure``;
/// 4. run them with a ``ServiceRunner`` and exit with its code.
package enum ServiceLauncher {
    package static func launch<Configuration: EnvironmentConfigurable>(
        service name: String,
        configuration: Configuration.Type,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        build: @Sendable (Configuration, Logger) async throws -> [any Service]
    ) async -> Never {
        // A reader that went away (a closed pipe on stdout) must not kill the service mid-shutdown.
        signal(SIGPIPE, SIG_IGN)

        let configuration: Configuration
        do {
            configuration = try EnvironmentConfiguration.load(environment: environment) { Configuration(reader: $0) }
        } catch {
            reportConfigurationError(error, service: name)
            endProcess(.configuration)
        }

        LoggingBootstrap.bootstrap(service: name, level: configuration.runtime.logLevel)
        PrometheusExport.bootstrap()
        let logger = Logger(label: name)
        logger.info(
            "Service starting",
            metadata: [
                "log.level": "\(configuration.runtime.logLevel.rawValue)",
                "shutdown.grace_seconds": .stringConvertible(configuration.runtime.shutdownGraceSeconds),
            ]
        )

        let services: [any Service]
        do {
            services = try await build(configuration, logger)
        } catch {
            logger.critical("Service could not be built", error: error)
            endProcess(.failure)
        }

        let runner = ServiceRunner(
            services: services, shutdownGrace: configuration.runtime.shutdownGrace, logger: logger)
        let code = await runner.run()
        endProcess(code)
    }

    /// Flushes stdio and ends the process without running exit handlers: a process once
    /// stayed alive after logging its last line when `exit` ran them (no thread left inside `exit`; not
    /// understood), and a service that cannot stop keeps a container from restarting.
    static func endProcess(_ code: ExitCode) -> Never {
        // Log lines are unbuffered writes already; this covers anything printed through stdio.
        fflush(nil)
        _exit(code.rawValue)
    }

    /// A human-readable list on stderr and a machine-readable line on stdout (where the logs are collected).
    static func reportConfigurationError(
        _ error: ConfigurationError, service: String, output: LogSink = .standardOutput,
        errorOutput: LogSink = .standardError
    ) {
        errorOutput.write("\(service): \(error.report)\n")
        let handler = JSONLogHandler(label: service, service: service, logLevel: .critical, sink: output)
        let logger = Logger(label: service) { _ in handler }
        logger.critical(
            "Invalid configuration",
            metadata: [
                "config.keys": .array(error.keys.map { .string($0) }),
                "config.problems": .array(error.problems.map { .string($0.description) }),
            ]
        )
    }
}
