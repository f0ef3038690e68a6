import Foundation
import Hummingbird
import Logging
import Redis

/// `GET /api/sessions/{id}/events`: Server-Sent Events of one session, read live from the `events` stream
/// (`session.status` and `session.qr`, whose payloads never hold the QR string). The first event is the
/// session's current status; a comment line every `keepAlive` lets proxies and clients see the stream is
/// alive (and lets the server notice a client that left). Each client holds one Redis connection of its own
/// for its blocking `XREAD`.
struct SessionEventStream: Sendable {
    let redis: RedisConfiguration
    let streamKey: String
    var keepAlive: Duration = .seconds(5)

    func response(sessionID: String, current: SessionResource) -> Response {
        let redis = self.redis
        let streamKey = self.streamKey
        let keepAlive = self.keepAlive
        let body = ResponseBody { writer in
            var configuration = redis
            configuration.poolSize = 1
            let connection = RedisConnection(configuration: configuration, name: "sse")
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = .sortedKeys
            let initial = String(decoding: (try? encoder.encode(current)) ?? Data(), as: UTF8.self)
            do {
                try await writer.write(ByteBuffer(string: "event: session\ndata: \(initial)\n\n"))
                var last = "$"
                while !Task.isCancelled {
                    let milliseconds = Int(keepAlive.components.seconds * 1000)
                    let reply = try await connection.pipeline(
                        [RedisCommand("XREAD", "BLOCK", milliseconds, "COUNT", 100, "STREAMS", streamKey, last)],
                        blockingFor: keepAlive)
                    let entries = try reply[0].orThrow().streamReadEntries
                    if entries.isEmpty {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        continue
                    }
                    for entry in entries {
                        last = entry.id
                        guard let name = entry.string("name"), name.hasPrefix("session."),
                            let payload = entry.fields["payload"],
                            let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
                            object["sessionId"] as? String == sessionID
                        else { continue }
                        let data = String(decoding: payload, as: UTF8.self)
                        try await writer.write(ByteBuffer(string: "id: \(entry.id)\nevent: \(name)\ndata: \(data)\n\n"))
                    }
                }
            } catch {
                // The client left or Redis failed: end the stream; the client reconnects.
            }
            await connection.disconnect()
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: body)
    }
}
