import Hummingbird
import Logging
import ServiceLifecycle
import ServiceRuntime

/// The name in logs and health bodies.
package let gatewayServiceName = "gateway"

/// Everything the gateway executable runs: for now the HTTP application alone. Connections to Redis and
/// Postgres, their readiness checks and the event consumers are added here.
package func buildServices(configuration: GatewayConfiguration, logger: Logger) async throws -> [any Service] {
    [buildApplication(configuration: configuration, readinessChecks: [], logger: logger)]
}

/// The HTTP application on `AP_HTTP_HOST:AP_HTTP_PORT`. `services` run alongside the server and stop after
/// it. Once listening it logs `HTTP server listening` with `http.host` and `http.port`.
package func buildApplication(
    configuration: GatewayConfiguration, readinessChecks: [ReadinessCheck], services: [any Service] = [],
    logger: Logger
) -> some ApplicationProtocol {
    let host = configuration.httpHost
    return Application(
        router: buildRouter(readinessChecks: readinessChecks),
        configuration: .init(address: .hostname(host, port: configuration.httpPort), serverName: nil),
        services: services,
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? 0
            logger.info(
                "HTTP server listening", metadata: ["http.host": "\(host)", "http.port": .stringConvertible(port)])
        },
        logger: logger
    )
}

/// The gateway's routes behind its error middleware: every error, 404s included, leaves as problem+json.
package func buildRouter(readinessChecks: [ReadinessCheck]) -> Router<BasicRequestContext> {
    let router = Router()
    // Middleware applies only to routes added after it, so it goes first.
    router.add(middleware: ProblemDetailsMiddleware())
    HealthRoutes(service: gatewayServiceName, checks: readinessChecks).register(on: router)
    return router
}
