import Logging
import ServiceLifecycle
import ServiceRuntime

/// Everything `voice-sender` runs: its stores (first, so that they close last), the health server with the
/// `redis` and `postgres` readiness checks and, until the `voice` queue consumer is wired, an idle
/// placeholder in its place. Opening the stores waits for Redis and Postgres and migrates the schema.
package func buildServices(configuration: VoiceSenderConfiguration, logger: Logger) async throws -> [any Service] {
    let stores = try await ServiceStores.open(
        configuration: configuration.stores, service: "voice-sender", logger: logger)
    return [
        stores,
        HealthServer(
            configuration: configuration.health, service: "voice-sender", checks: stores.readinessChecks, logger: logger
        ),
        IdleService(name: "voice-consumer"),
    ]
}
