import Foundation
import Logging
import OutboundHTTP
import ServiceLifecycle
import ServiceRuntime

/// Everything the worker runs: its stores (first, so that they close last), the health server with the
/// `redis` and `postgres` readiness checks, and its membership in the gateway's worker registry (register,
/// heartbeat, deregister on graceful stop). The session runtime joins them in a later step. Opening the
/// stores waits for Redis and Postgres and migrates the schema.
package func buildServices(configuration: WhatsAppGatewayConfiguration, logger: Logger) async throws -> [any Service] {
    var logger = logger
    logger[metadataKey: "worker.id"] = "\(configuration.workerID)"
    let stores = try await ServiceStores.open(
        configuration: configuration.stores, service: "whatsapp-gateway", logger: logger)
    var gatewayURL = configuration.gatewayURL.absoluteString
    while gatewayURL.hasSuffix("/") { gatewayURL.removeLast() }
    let registry = RegistryClient(
        client: OutboundHTTPClient(configuration: OutboundHTTPConfiguration(threadCount: 2), logger: logger),
        gatewayURL: gatewayURL, token: configuration.workerToken.revealed, workerID: configuration.workerID,
        instanceID: UUID())
    let host = ProcessInfo.processInfo.hostName
    return [
        stores,
        HealthServer(
            configuration: configuration.health, service: "whatsapp-gateway", checks: stores.readinessChecks,
            logger: logger),
        RegistryMembership(
            registry: registry,
            endpoint: configuration.endpoint ?? "http://\(host):\(configuration.health.port)",
            maxSessions: configuration.maxSessions, sessionCount: { 0 }, logger: logger),
    ]
}
