import Domain

/// The engines this worker runs, one per ``SessionEngine``; each session opens on the one it was created
/// with.
struct WhatsAppEngines: Sendable {
    let sandbox: any WhatsAppEngine
    let cloud: any WhatsAppEngine
    let twilio: any WhatsAppEngine

    func engine(for kind: SessionEngine) -> any WhatsAppEngine {
        switch kind {
        case .sandbox: sandbox
        case .cloud: cloud
        case .twilio: twilio
        }
    }
}
