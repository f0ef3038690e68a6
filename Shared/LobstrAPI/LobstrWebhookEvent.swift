import Foundation

/// What Lobstr POSTs to a squid's webhook (PROVIDERS.md §5.2): `{"id": "<run hash>", "object": "run",
/// "event": "run.done", "squid": {"id", "name"}, "timestamp": "2025/06/18 17:32:31"}`. Lobstr signs nothing.
package struct LobstrWebhookEvent: Decodable, Sendable, Equatable {
    package struct Squid: Decodable, Sendable, Equatable {
        package var id: String
        package var name: String?
    }

    /// The run hash.
    package var id: String
    package var object: String?
    /// `run.running`, `run.paused`, `run.done` or `run.error`.
    package var event: String
    package var squid: Squid?
    package var timestamp: String?

    package static let done = "run.done"
    package static let error = "run.error"

    /// Nil unless the body is the documented JSON with a run id and an event.
    package static func decode(_ body: [UInt8]) -> LobstrWebhookEvent? {
        guard let event = try? JSONDecoder().decode(Self.self, from: Data(body)), !event.id.isEmpty,
            event.id.utf8.count <= 100, event.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { return nil }
        return event
    }
}
