import Foundation
import Redis

/// Paces one sender number against bans (ANCHORS: WhatsApp flags bursts): a minimum gap with random jitter
/// between two sends, a daily cap, and a pause after a rate-limit signal. State lives in Redis under the
/// session, so a session keeps its pace when it moves to another worker.
struct SendPacing: Sendable {
    struct Rules: Sendable, Equatable {
        var minimumGap: Duration = .seconds(8)
        var jitter: Duration = .seconds(4)
        var dailyCap = 200
    }

    let redis: any RedisClient
    let prefix: String

    /// Nil when a send may go now (and takes its slot); else how long to wait.
    func take(_ sessionID: UUID, rules: Rules, now: Date = Date()) async throws -> Duration? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let date = calendar.dateComponents([.year, .month, .day], from: now)
        let day = String(format: "%04d-%02d-%02d", date.year ?? 0, date.month ?? 0, date.day ?? 0)
        let nowMs = Int(now.timeIntervalSince1970 * 1000)
        let midnight = calendar.startOfDay(for: now).addingTimeInterval(86_400)
        let untilMidnight = max(1000, Int(midnight.timeIntervalSince(now) * 1000))
        let jitter = Self.milliseconds(rules.jitter)
        let keys = keys(for: sessionID)
        let reply = try await redis.evaluate(
            Self.script, keys: [keys.next, keys.day(day), keys.paused],
            arguments: [
                nowMs, Self.milliseconds(rules.minimumGap) + (jitter > 0 ? Int.random(in: 0...jitter) : 0),
                rules.dailyCap, untilMidnight,
            ])
        let wait = reply.array?.last?.int ?? 0
        return wait > 0 ? .milliseconds(wait) : nil
    }

    /// Pauses the session's sends (a rate-limit signal from WhatsApp).
    func pause(_ sessionID: UUID, for duration: Duration) async throws {
        _ = try await redis.send("SET", keys(for: sessionID).paused, "1", "PX", max(1, Self.milliseconds(duration)))
    }

    /// One session's pacing keys. They share the hash tag `{<sessionId>}`, so that the pacing script, which
    /// touches them together, runs on Redis Cluster (keys of one script must live in one slot).
    struct Keys {
        let base: String
        var next: String { base + ":next" }
        var paused: String { base + ":paused" }
        func day(_ day: String) -> String { base + ":day:" + day }
    }

    func keys(for sessionID: UUID) -> Keys {
        Keys(base: "\(prefix)wa:pace:{\(sessionID.uuidString.lowercased())}")
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    /// KEYS: next-allowed time, today's count, pause flag. ARGV: now ms, gap ms (jitter included), daily cap,
    /// ms until midnight. Returns {kind, wait ms}: 0 paused, 1 too soon, 2 cap reached, 3 go (wait 0).
    static let script = RedisScript(
        name: "wa-pacing",
        source: """
            local paused = redis.call('PTTL', KEYS[3])
            if paused > 0 then return {0, paused} end
            local now = tonumber(ARGV[1])
            local next = tonumber(redis.call('GET', KEYS[1]) or '0')
            if now < next then return {1, next - now} end
            local count = tonumber(redis.call('GET', KEYS[2]) or '0')
            if count >= tonumber(ARGV[3]) then return {2, tonumber(ARGV[4])} end
            redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]) + 3600000)
            local gap = tonumber(ARGV[2])
            redis.call('SET', KEYS[1], now + gap, 'PX', gap + 1000)
            return {3, 0}
            """)
}
