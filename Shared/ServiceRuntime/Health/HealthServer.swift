import Hummingbird
import Logging
import ServiceLifecycle

/// A minimal HTTP server answering ``HealthRoutes`` (`/health`, `/ready`) for services that have no HTTP API
/// of their own, as a `Service` to run in the executable's group.
///
/// Once listening it logs `Health server listening` with `health.host` and `health.port` (the real port when
/// configured with 0) and calls `onListening` with the port.
package struct HealthServer: Service, CustomStringConvertible {
    private let configuration: HealthConfiguration
    private let routes: HealthRoutes
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    package init(
        configuration: HealthConfiguration, service: String, checks: [ReadinessCheck], logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.routes = HealthRoutes(service: service, checks: checks)
        self.logger = logger
        self.onListening = onListening
    }

    package var description: String { "HealthServer" }

    package func run() async throws {
        let router = Router()
        routes.register(on: router)
        let host = configuration.host
        let logger = self.logger
        let onListening = self.onListening
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info(
                    "Health server listening",
                    metadata: ["health.host": "\(host)", "health.port": .stringConvertible(port)])
                await onListening(port)
            },
            logger: logger
        )
        try await application.run()
    }
}
