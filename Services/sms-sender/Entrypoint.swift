import ServiceRuntime

/// `sms-sender`: sends SMS jobs through the SMS providers. Reads its configuration (see
/// ``SMSSenderConfiguration``), then runs ``buildServices(configuration:logger:)`` until SIGTERM/SIGINT.
@main
struct SMSSenderEntrypoint {
    static func main() async {
        await ServiceLauncher.launch(service: smsSenderServiceName, configuration: SMSSenderConfiguration.self) {
            configuration, logger in
            try await buildServices(configuration: configuration, logger: logger)
        }
    }
}
