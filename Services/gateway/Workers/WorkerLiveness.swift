import Foundation
import Redis

/// Each worker's live key, `<prefix>worker:<id>:live` = the instance id that owns the worker id, with a TTL
/// that heartbeats renew. A worker whose key lapsed is offline; only the owning instance renews or clears
/// it, and a second process cannot take an id whose key is alive.
struct WorkerLiveness: Sendable {
    let redis: any RedisClient
    let prefix: String
    /// How long a worker stays online without a heartbeat.
    let ttl: Duration

    func key(_ workerID: String) -> String { "\(prefix)worker:\(workerID):live" }

    enum Claim: Equatable {
        /// The key is (now) this instance's.
        case owned
        /// Another live instance holds the id.
        case heldByAnother
    }

    /// Takes the id for `instance` unless another live instance holds it; renews it for its owner.
    func claim(_ workerID: String, instance: UUID) async throws -> Claim {
        let reply = try await redis.evaluate(
            Self.claimScript, keys: [key(workerID)], arguments: [instance.uuidString.lowercased(), milliseconds])
        return reply.int == 1 ? .owned : .heldByAnother
    }

    /// Clears the key if `instance` owns it.
    func release(_ workerID: String, instance: UUID) async throws {
        _ = try await redis.evaluate(
            Self.releaseScript, keys: [key(workerID)], arguments: [instance.uuidString.lowercased()])
    }

    /// Which of `workerIDs` have a live key.
    func alive(_ workerIDs: [String]) async throws -> Set<String> {
        guard !workerIDs.isEmpty else { return [] }
        // One GET each, pipelined, not MGET: the live keys hash to different cluster slots.
        let values = try await redis.pipeline(workerIDs.map { RedisCommand("GET", key($0)) })
        return Set(zip(workerIDs, values).compactMap { id, value in value.string == nil ? nil : id })
    }

    private var milliseconds: Int {
        Int(ttl.components.seconds * 1000 + ttl.components.attoseconds / 1_000_000_000_000_000)
    }

    /// KEYS: live key. ARGV: instance, ttl ms. 1 = owned (set or renewed), 0 = held by another instance.
    static let claimScript = RedisScript(
        name: "worker-claim",
        source: """
            local current = redis.call('GET', KEYS[1])
            if current and current ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """)

    /// KEYS: live key. ARGV: instance. Deletes the key only for its owner.
    static let releaseScript = RedisScript(
        name: "worker-release",
        source: """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """)
}
