import Logging
import ServiceLifecycle
import ServiceRuntime

/// Everything `sms-sender` runs: its stores (first, so that they close last), the health server with the
/// `redis` and `postgres` readiness checks and, until the `sms` queue consumer is wired, an idle placeholder
/// in its place. Opening the stores waits for Redis and Postgres and migrates the schema.
package func buildServices(configuration: SMSSenderConfiguration, logger: Logger) async throws -> [any Service] {
    let stores = try await ServiceStores.open(
        configuration: configuration.stores, service: "sms-sender", logger: logger)
    return [
        stores,
        HealthServer(
            configuration: configuration.health, service: "sms-sender", checks: stores.readinessChecks, logger: logger),
        IdleService(name: "sms-consumer"),
    ]
}
