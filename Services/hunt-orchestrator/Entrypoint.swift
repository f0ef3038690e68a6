import ServiceRuntime

/// `hunt-orchestrator`: schedules and runs hunts, ingests ads, turns replies into leads. Reads its
/// configuration (see ``HuntOrchestratorConfiguration``), then runs ``buildServices(configuration:logger:)``
/// until SIGTERM/SIGINT.
@main
struct HuntOrchestratorEntrypoint {
    static func main() async {
        await ServiceLauncher.launch(service: "hunt-orchestrator", configuration: HuntOrchestratorConfiguration.self) {
            configuration, logger in
            try await buildServices(configuration: configuration, logger: logger)
        }
    }
}
