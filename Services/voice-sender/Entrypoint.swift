import ServiceRuntime

/// `voice-sender`: sends Voice jobs through the ringless-voicemail providers. Reads its configuration (see
/// ``VoiceSenderConfiguration``), then runs ``buildServices(configuration:logger:)`` until SIGTERM/SIGINT.
@main
struct VoiceSenderEntrypoint {
    static func main() async {
        await ServiceLauncher.launch(service: "voice-sender", configuration: VoiceSenderConfiguration.self) {
            configuration, logger in
            try await buildServices(configuration: configuration, logger: logger)
        }
    }
}
