import Domain

/// The engines this worker runs, one per ``SessionEngine``; each session opens on the one it was created
/// with. An engine this worker was not configured for answers with ``UnavailableEngine``.
struct WhatsAppEngines: Sendable {
    private let engines: [SessionEngine: any WhatsAppEngine]

    init(_ engines: [SessionEngine: any WhatsAppEngine]) {
        self.engines = engines
    }

    func engine(for kind: SessionEngine) -> any WhatsAppEngine {
        engines[kind] ?? UnavailableEngine(kind: kind)
    }
}
