import ServiceRuntime

/// `hunt-orchestrator`'s settings, from the environment: for now only the keys of ``RuntimeConfiguration``,
/// ``StoreConfiguration`` and ``HealthConfiguration``.
package struct HuntOrchestratorConfiguration: EnvironmentConfigurable {
    package var runtime: RuntimeConfiguration
    package var stores: StoreConfiguration
    package var health: HealthConfiguration

    package init(reader: EnvironmentConfiguration) {
        runtime = RuntimeConfiguration(reader: reader)
        stores = StoreConfiguration(reader: reader)
        health = HealthConfiguration(reader: reader)
    }
}
