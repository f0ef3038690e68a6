import ServiceRuntime

/// `gateway`: the public HTTP API. Reads its configuration (see ``GatewayConfiguration``), then runs the
/// services from ``buildServices(configuration:logger:)`` until SIGTERM/SIGINT.
@main
struct GatewayEntrypoint {
    static func main() async {
        await ServiceLauncher.launch(service: gatewayServiceName, configuration: GatewayConfiguration.self) {
            configuration, logger in
            try await buildServices(configuration: configuration, logger: logger)
        }
    }
}
