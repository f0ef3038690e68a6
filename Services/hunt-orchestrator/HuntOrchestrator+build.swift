import Logging
import ServiceLifecycle
import ServiceRuntime

/// Everything `hunt-orchestrator` runs: the health server and, until the scheduler and the `hunt`,
/// `scraping` and `inbound` consumers are wired, an idle placeholder in their place.
package func buildServices(configuration: HuntOrchestratorConfiguration, logger: Logger) async throws -> [any Service] {
    [
        HealthServer(configuration: configuration.health, service: "hunt-orchestrator", checks: [], logger: logger),
        IdleService(name: "hunt-workers"),
    ]
}
