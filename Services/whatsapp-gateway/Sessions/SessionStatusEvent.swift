import Domain
import Foundation

/// A session change on the `events` queue: job `session.status` (every transition) or `session.qr` (a new
/// QR ref; the string itself is a credential and is not in the event: clients read it from the API).
struct SessionStatusEvent: Codable, Sendable {
    var sessionId: String
    var accountId: String
    var workerId: String
    var status: String
    var error: String?
    var phone: String?
    var qrExpiresInMs: Int?
    var at: Date

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return (try? Array(encoder.encode(self))) ?? []
    }
}
