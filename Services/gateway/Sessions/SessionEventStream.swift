import Foundation
import Hummingbird
import Redis
import ServiceLifecycle

/// `GET /api/sessions/{id}/events`: Server-Sent Events of one session, from the gateway's one reader of the
/// `events` stream (``StreamFanOut``, topic = session id; `session.status` and `session.qr`, whose payloads
/// never hold the QR string). The first event is the session's current status; a comment line every
/// keep-alive interval lets proxies and clients see the stream is alive (and lets the server notice a client
/// that left). The stream ends when the client leaves, when it reads too slowly (its buffer filled), and on
/// graceful shutdown.
struct SessionEventStream: Sendable {
    let subscription: FanOutSubscription

    /// The topic of an `events` entry: the session id of `session.*` events, nil for every other event.
    static func topic(of entry: RedisStreamEntry) -> String? {
        guard let name = entry.string("name"), name.hasPrefix("session."), let payload = entry.fields["payload"],
            let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
        else { return nil }
        return object["sessionId"] as? String
    }

    func response(current: SessionResource) -> Response {
        let subscription = self.subscription
        let body = ResponseBody { writer in
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = .sortedKeys
            let initial = String(decoding: (try? encoder.encode(current)) ?? Data(), as: UTF8.self)
            do {
                try await writer.write(ByteBuffer(string: "event: session\ndata: \(initial)\n\n"))
                // The fan-out ends the stream on its own shutdown; this also ends it when the HTTP server is
                // asked to stop first.
                try await withGracefulShutdownHandler {
                    for await message in subscription.messages {
                        try await writer.write(ByteBuffer(string: Self.text(of: message)))
                    }
                } onGracefulShutdown: {
                    subscription.cancel()
                }
            } catch {
                // The client left: end the stream.
            }
            subscription.cancel()
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: body)
    }

    private static func text(of message: FanOutMessage) -> String {
        switch message {
        case .keepAlive:
            return ": keep-alive\n\n"
        case .entry(let entry):
            let name = entry.string("name") ?? "session"
            let data = String(decoding: entry.fields["payload"] ?? [], as: UTF8.self)
            return "id: \(entry.id)\nevent: \(name)\ndata: \(data)\n\n"
        }
    }
}
