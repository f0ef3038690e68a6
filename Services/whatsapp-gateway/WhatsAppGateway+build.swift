import Logging
import ServiceLifecycle
import ServiceRuntime

/// Everything the worker runs: the health server and, until the session runtime is wired, an idle
/// placeholder. The worker-stream consumer, registry heartbeat and session supervisor replace it.
package func buildServices(configuration: WhatsAppGatewayConfiguration, logger: Logger) async throws -> [any Service] {
    var logger = logger
    logger[metadataKey: "worker.id"] = "\(configuration.workerID)"
    return [
        HealthServer(configuration: configuration.health, service: "whatsapp-gateway", checks: [], logger: logger),
        IdleService(name: "whatsapp-sessions"),
    ]
}
