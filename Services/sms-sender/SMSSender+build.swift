import Logging
import ServiceLifecycle
import ServiceRuntime

/// Everything `sms-sender` runs: the health server and, until the `sms` queue consumer is wired, an idle
/// placeholder in its place.
package func buildServices(configuration: SMSSenderConfiguration, logger: Logger) async throws -> [any Service] {
    [
        HealthServer(configuration: configuration.health, service: "sms-sender", checks: [], logger: logger),
        IdleService(name: "sms-consumer"),
    ]
}
