import Domain
import ServiceRuntime

/// `voice-sender`'s settings, from the environment.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `AP_PROVIDER_MODE` | `sandbox` | `sandbox` (provider test endpoints, nothing really sent) or `live` |
/// | `AP_CONCURRENCY` | `10` | Voice jobs processed at once by this process, 1–1000 |
///
/// plus the keys of ``RuntimeConfiguration``, ``StoreConfiguration`` and ``HealthConfiguration``.
package struct VoiceSenderConfiguration: EnvironmentConfigurable {
    package var runtime: RuntimeConfiguration
    package var stores: StoreConfiguration
    package var health: HealthConfiguration
    package var providerMode: ProviderMode
    package var concurrency: Int

    package init(reader: EnvironmentConfiguration) {
        runtime = RuntimeConfiguration(reader: reader)
        stores = StoreConfiguration(reader: reader)
        health = HealthConfiguration(reader: reader)
        providerMode = reader.enumeration("AP_PROVIDER_MODE", default: .sandbox)
        concurrency = reader.int("AP_CONCURRENCY", default: 10, range: 1...1000)
    }
}
