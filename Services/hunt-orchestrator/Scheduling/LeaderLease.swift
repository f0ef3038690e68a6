import Foundation
import Redis

/// Leadership among every `hunt-orchestrator` replica: a Redis key holding the leader's random token with a
/// short expiry (`SET … NX PX`), renewed by the leader only while the key still holds its token (a script).
/// A leader that stops renewing (killed, frozen, cut off) loses the key within `ttl`, and another replica takes
/// it on its next try; a leader whose renewal fails stops acting as leader at once.
struct LeaderLease: Sendable {
    let redis: any RedisClient
    let key: String
    let token: String
    let ttl: Duration

    init(redis: any RedisClient, key: String, ttl: Duration) {
        self.redis = redis
        self.key = key
        self.ttl = ttl
        token = UUID().uuidString.lowercased()
    }

    /// Takes the lease when free, or renews it when this replica holds it; true when it holds it now.
    func acquireOrRenew() async throws -> Bool {
        let milliseconds = Int(ttl / .milliseconds(1))
        let reply = try await redis.evaluate(Self.script, keys: [key], arguments: [token, milliseconds])
        return reply.int == 1
    }

    /// Gives the lease up if this replica holds it (a clean stop: the next leader need not wait out the expiry).
    func release() async {
        _ = try? await redis.evaluate(Self.releaseScript, keys: [key], arguments: [token])
    }

    private static let script = RedisScript(
        name: "leader-lease",
        source: """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                redis.call('PEXPIRE', KEYS[1], ARGV[2])
                return 1
            end
            return 0
            """)

    private static let releaseScript = RedisScript(
        name: "leader-lease-release",
        source: """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """)
}
