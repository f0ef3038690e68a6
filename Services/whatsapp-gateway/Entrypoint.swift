import ServiceRuntime

/// `whatsapp-gateway`: a WhatsApp worker process. Reads its configuration (see
/// ``WhatsAppGatewayConfiguration``), then runs ``buildServices(configuration:logger:)`` until SIGTERM/SIGINT.
@main
struct WhatsAppGatewayEntrypoint {
    static func main() async {
        await ServiceLauncher.launch(service: "whatsapp-gateway", configuration: WhatsAppGatewayConfiguration.self) {
            configuration, logger in
            try await buildServices(configuration: configuration, logger: logger)
        }
    }
}
