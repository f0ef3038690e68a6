import Redis

extension JobQueue {
    /// Counts of the queue right now.
    package func stats() async throws -> QueueStats {
        let replies = try await redis.pipeline([
            RedisCommand("XINFO", "GROUPS", keys.stream),
            RedisCommand("XLEN", keys.stream),
            RedisCommand("ZCARD", keys.delayed),
            RedisCommand("HMGET", keys.counters, "completed", "failed", "retried", "enqueued"),
            RedisCommand("XLEN", keys.dead),
        ])
        let length = try replies[1].orThrow().int ?? 0
        // No stream or group yet (nothing enqueued, no worker started): everything in it is waiting.
        let group = GroupInfo(reply: replies[0])
        let active = group?.pending ?? 0
        let waiting = group.map { $0.lag ?? max(0, length - $0.pending) } ?? length
        let counters = try replies[3].orThrow().array ?? []
        func counter(_ index: Int) -> Int { index < counters.count ? counters[index].int ?? 0 : 0 }
        return QueueStats(
            queue: name, waiting: waiting, active: active, delayed: try replies[2].orThrow().int ?? 0,
            completed: counter(0), failed: counter(1), dead: try replies[4].orThrow().int ?? 0, retried: counter(2),
            enqueued: counter(3))
    }

    /// How long the oldest entry no worker has taken yet has waited (its stream id is when it was added), nil
    /// when none waits. Delayed jobs are not waiting until they are due.
    package func oldestWaitingAge(nowMs: Int64) async throws -> Duration? {
        // As in stats(): through a pipeline, so a stream not created yet is an error reply, not a thrown error.
        let group = GroupInfo(reply: try await redis.pipeline([RedisCommand("XINFO", "GROUPS", keys.stream)])[0])
        let start = group.map { "(" + $0.lastDeliveredID } ?? "-"
        let reply = try await redis.send("XRANGE", keys.stream, start, "+", "COUNT", 1)
        guard let id = reply.array?.first?.array?.first?.string,
            let milliseconds = id.split(separator: "-").first.flatMap({ Int64($0) })
        else { return nil }
        return .milliseconds(max(0, nowMs - milliseconds))
    }

    /// The consumer group's position: what `XINFO GROUPS` says of the workers group.
    struct GroupInfo {
        var pending: Int
        /// Entries not yet delivered (nil when Redis cannot tell).
        var lag: Int?
        var lastDeliveredID: String

        init?(reply: RESPValue) {
            for group in reply.array ?? [] {
                var fields: [String: RESPValue] = [:]
                let flat = group.array ?? []
                var index = 0
                while index + 1 < flat.count {
                    if let key = flat[index].string { fields[key] = flat[index + 1] }
                    index += 2
                }
                guard fields["name"]?.string == QueueKeys.group else { continue }
                pending = fields["pending"]?.int ?? 0
                lag = fields["lag"]?.int
                lastDeliveredID = fields["last-delivered-id"]?.string ?? "0-0"
                return
            }
            return nil
        }
    }

    /// The state of one job by id.
    package func status(of id: String) async throws -> JobStatus {
        let hash = try await redis.send("HGETALL", keys.job(id))
        var fields: [String: String] = [:]
        let flat = hash.array ?? []
        var index = 0
        while index + 1 < flat.count {
            if let key = flat[index].string, let value = flat[index + 1].string { fields[key] = value }
            index += 2
        }
        var status = JobStatus(
            id: id, state: fields["state"].flatMap(JobState.init(rawValue:)) ?? .unknown, name: fields["name"],
            attempt: fields["attempt"].flatMap { Int($0) }, maxAttempts: fields["max"].flatMap { Int($0) },
            lastError: fields["error"], updatedAt: fields["updated"].flatMap { Int64($0) })
        // A job enqueued without an explicit id has no hash until it settles: its id is its stream entry.
        let streamID = fields["sid"] ?? (status.state == .unknown && Self.looksLikeStreamID(id) ? id : nil)
        guard let streamID, status.state == .waiting || status.state == .unknown else { return status }
        let replies = try await redis.pipeline([
            RedisCommand("XRANGE", keys.stream, streamID, streamID),
            RedisCommand("XPENDING", keys.stream, QueueKeys.group, streamID, streamID, 1),
            RedisCommand("XINFO", "GROUPS", keys.stream),
        ])
        let delivered = GroupInfo(reply: replies[2]).map { Self.compare(streamID, $0.lastDeliveredID) <= 0 } ?? false
        guard let entry = try replies[0].orThrow().streamRangeEntries.first else {
            // Trimmed after settling. Untracked jobs keep no state of their own, so "delivered and gone"
            // is what completion looks like (ids the queue never issued cannot be told apart).
            if status.state == .unknown && fields["sid"] == nil && delivered { status.state = .completed }
            return status
        }
        let pending = !(replies[1].array ?? []).isEmpty
        // Delivered, no longer pending, still in the stream until the next trim: it settled. With a hash the
        // hash said so already, so this is a completion whose state was not retained.
        status.state = pending ? .active : (delivered ? .completed : .waiting)
        status.name = status.name ?? entry.string(JobField.name)
        status.attempt = status.attempt ?? entry.int(JobField.attempt)
        status.maxAttempts = status.maxAttempts ?? entry.int(JobField.maxAttempts)
        return status
    }

    /// Orders two stream ids (`<ms>-<seq>`).
    static func compare(_ lhs: String, _ rhs: String) -> Int {
        func parts(_ id: String) -> (Int, Int) {
            let split = id.split(separator: "-")
            return (Int(split.first ?? "") ?? 0, split.count > 1 ? Int(split[1]) ?? 0 : 0)
        }
        let (a, b) = (parts(lhs), parts(rhs))
        return a == b ? 0 : (a < b ? -1 : 1)
    }

    static func looksLikeStreamID(_ id: String) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
}
