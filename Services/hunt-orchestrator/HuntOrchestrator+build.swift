import Logging
import ServiceLifecycle
import ServiceRuntime

/// Everything `hunt-orchestrator` runs: its stores (first, so that they close last), the health server with
/// the `redis` and `postgres` readiness checks and, until the scheduler and the `hunt`, `scraping` and
/// `inbound` consumers are wired, an idle placeholder in their place. Opening the stores waits for Redis and
/// Postgres and migrates the schema.
package func buildServices(configuration: HuntOrchestratorConfiguration, logger: Logger) async throws -> [any Service] {
    let stores = try await ServiceStores.open(
        configuration: configuration.stores, service: "hunt-orchestrator", logger: logger)
    return [
        stores,
        HealthServer(
            configuration: configuration.health, service: "hunt-orchestrator", checks: stores.readinessChecks,
            logger: logger),
        IdleService(name: "hunt-workers"),
    ]
}
