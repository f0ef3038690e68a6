import Foundation
import Redis

/// One delivery of a job to a handler.
package struct Job: Sendable {
    /// The job id (explicit, or the stream id of its first enqueue).
    package let id: String
    package let name: String
    package let payload: [UInt8]
    /// This delivery's attempt number, from 1.
    package let attempt: Int
    package let maxAttempts: Int
    /// When the job was first enqueued (Unix ms).
    package let createdAt: Int64
    package let correlationID: String?
    package let accountID: String?
    /// The queue it came from.
    package let queue: String
    /// The stream entry of this delivery (changes on every retry).
    package let streamID: String

    /// Whether the job has a state hash to update: an explicit id, or a history (retried, replayed,
    /// released). Untracked jobs are the stream entry alone, which keeps the common path cheap.
    package var isTracked: Bool { id != streamID }

    /// Whether this is the last attempt: a failure now dead-letters the job.
    package var isLastAttempt: Bool { attempt >= maxAttempts }

    /// Decodes the payload as JSON.
    package func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(payload))
    }

    init?(entry: RedisStreamEntry, queue: String) {
        guard let name = entry.string(JobField.name) else { return nil }
        self.id = entry.string(JobField.id).flatMap { $0.isEmpty ? nil : $0 } ?? entry.id
        self.name = name
        self.payload = entry.fields[JobField.payload] ?? []
        self.attempt = entry.int(JobField.attempt) ?? 1
        self.maxAttempts = entry.int(JobField.maxAttempts) ?? 1
        self.createdAt = Int64(entry.int(JobField.created) ?? 0)
        self.correlationID = entry.string(JobField.correlation).flatMap { $0.isEmpty ? nil : $0 }
        self.accountID = entry.string(JobField.account).flatMap { $0.isEmpty ? nil : $0 }
        self.queue = queue
        self.streamID = entry.id
    }
}

/// Field names of a job in stream entries, dead letters and state hashes (shared with the Lua scripts).
enum JobField {
    static let id = "id"
    static let name = "name"
    static let attempt = "attempt"
    static let maxAttempts = "max"
    static let created = "created"
    static let correlation = "corr"
    static let account = "account"
    static let payload = "payload"
}
