import Logging
import ServiceLifecycle
import ServiceRuntime

/// Everything `voice-sender` runs: the health server and, until the `voice` queue consumer is wired, an idle
/// placeholder in its place.
package func buildServices(configuration: VoiceSenderConfiguration, logger: Logger) async throws -> [any Service] {
    [
        HealthServer(configuration: configuration.health, service: "voice-sender", checks: [], logger: logger),
        IdleService(name: "voice-consumer"),
    ]
}
