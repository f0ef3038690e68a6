import Logging
import ServiceLifecycle
import ServiceRuntime

/// Everything the worker runs: its stores (first, so that they close last), the health server with the
/// `redis` and `postgres` readiness checks and, until the session runtime is wired, an idle placeholder. The
/// worker-stream consumer, registry heartbeat and session supervisor replace it. Opening the stores waits for
/// Redis and Postgres and migrates the schema.
package func buildServices(configuration: WhatsAppGatewayConfiguration, logger: Logger) async throws -> [any Service] {
    var logger = logger
    logger[metadataKey: "worker.id"] = "\(configuration.workerID)"
    let stores = try await ServiceStores.open(
        configuration: configuration.stores, service: "whatsapp-gateway", logger: logger)
    return [
        stores,
        HealthServer(
            configuration: configuration.health, service: "whatsapp-gateway", checks: stores.readinessChecks,
            logger: logger),
        IdleService(name: "whatsapp-sessions"),
    ]
}
