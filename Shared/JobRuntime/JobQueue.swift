import Foundation
import Redis

/// Producer and admin side of one queue: enqueue, stats, job state, dead letters.
///
/// Cheap to create; share the process's ``SharedRedisClient`` (a pool, or a cluster client). Workers consume
/// with ``JobWorker``.
package struct JobQueue: Sendable {
    package let keys: QueueKeys
    package let redis: any SharedRedisClient
    /// Attempts given to jobs that do not set their own.
    package let defaultMaxAttempts: Int
    /// How much of the queue Redis keeps (stream length, dead letters, job state lifetimes).
    package let retention: QueueRetention

    package init(
        name: String, redis: any SharedRedisClient, prefix: String = "ap:", defaultMaxAttempts: Int = 3,
        retention: QueueRetention = .standard
    ) {
        self.keys = QueueKeys(queue: name, prefix: prefix)
        self.redis = redis
        self.defaultMaxAttempts = max(1, defaultMaxAttempts)
        self.retention = retention
    }

    package var name: String { keys.queue }

    // MARK: - Enqueue

    /// Enqueues one job.
    @discardableResult
    package func enqueue(_ request: JobRequest) async throws -> EnqueueResult {
        try await enqueue([request])[0]
    }

    /// Enqueues many jobs in as few round trips as possible: jobs without an explicit id or due time are
    /// pipelined `XADD`s; the others go through one atomic de-duplicating script call per chunk.
    /// Results come back in request order.
    package func enqueue(_ requests: [JobRequest]) async throws -> [EnqueueResult] {
        guard !requests.isEmpty else { return [] }
        let now = Self.nowMilliseconds()
        for request in requests { try validate(request) }
        var results = [EnqueueResult?](repeating: nil, count: requests.count)
        var plain: [Int] = []
        var scripted: [Int] = []
        for (index, request) in requests.enumerated() {
            if request.id == nil && (request.runAt ?? 0) <= now { plain.append(index) } else { scripted.append(index) }
        }
        if !plain.isEmpty {
            for chunk in plain.chunked(into: 1000) {
                var commands = chunk.map { addCommand(requests[$0], now: now) }
                commands.append(RedisCommand("HINCRBY", keys.counters, "enqueued", chunk.count))
                let replies = try await redis.pipeline(commands)
                for (offset, index) in chunk.enumerated() {
                    guard let sid = try replies[offset].orThrow().string else {
                        throw JobRuntimeError.unexpectedReply("XADD returned no id")
                    }
                    results[index] = .enqueued(id: sid)
                }
            }
        }
        for chunk in scripted.chunked(into: 500) {
            let chunkResults = try await enqueueScripted(chunk.map { requests[$0] }, now: now)
            for (offset, index) in chunk.enumerated() { results[index] = chunkResults[offset] }
        }
        return results.map { $0! }
    }

    private func validate(_ request: JobRequest) throws {
        guard !request.name.isEmpty else { throw JobRuntimeError.invalidRequest("the job name is empty") }
        if let id = request.id {
            guard !id.isEmpty, id.utf8.count <= 200, !id.contains(where: { $0.isWhitespace }) else {
                throw JobRuntimeError.invalidRequest("a job id must be 1 to 200 characters without spaces")
            }
        }
        if let maxAttempts = request.maxAttempts, maxAttempts < 1 {
            throw JobRuntimeError.invalidRequest("maxAttempts must be at least 1")
        }
    }

    private func addCommand(_ request: JobRequest, now: Int64) -> RedisCommand {
        var command = RedisCommand("XADD", keys.stream, "MAXLEN", "~", retention.maxLength, "*")
        command.append(JobField.name); command.append(request.name)
        command.append(JobField.attempt); command.append(1)
        command.append(JobField.maxAttempts); command.append(request.maxAttempts ?? defaultMaxAttempts)
        command.append(JobField.created); command.append(Int(now))
        if let correlation = request.correlationID { command.append(JobField.correlation); command.append(correlation) }
        if let account = request.accountID { command.append(JobField.account); command.append(account) }
        command.append(JobField.payload); command.append(request.payload)
        return command
    }

    private func enqueueScripted(_ requests: [JobRequest], now: Int64) async throws -> [EnqueueResult] {
        var ids: [String] = []
        var arguments: [any RedisArgument] = [
            Int(now), requests.count, retention.maxLength, retention.stateRetentionMilliseconds,
        ]
        for request in requests {
            let id = request.id ?? "job-\(UUID().uuidString.lowercased())"
            ids.append(id)
            arguments += [
                id, request.name, request.maxAttempts ?? defaultMaxAttempts, Int(now),
                request.correlationID ?? "", request.accountID ?? "", request.payload, Int(request.runAt ?? 0),
            ]
        }
        let scriptKeys = [keys.stream, keys.delayed, keys.counters] + ids.map(keys.job)
        let reply = try await redis.evaluate(JobScripts.enqueue, keys: scriptKeys, arguments: arguments)
        guard let rows = reply.array, rows.count == requests.count else {
            throw JobRuntimeError.unexpectedReply("enqueue script returned \(reply.array?.count ?? -1) rows")
        }
        return zip(ids, rows).map { id, row -> EnqueueResult in
            let parts = row.array ?? []
            switch parts.first?.string {
            case "duplicate":
                return .duplicate(id: id, state: JobState(rawValue: parts.last?.string ?? "") ?? .unknown)
            case "delayed":
                return .scheduled(id: id)
            default:
                return .enqueued(id: id)
            }
        }
    }

    // MARK: - Consumer group

    /// Creates the stream and its consumer group if missing (idempotent).
    package func ensureGroup() async throws {
        let reply = try await redis.pipeline([
            RedisCommand("XGROUP", "CREATE", keys.stream, QueueKeys.group, "0", "MKSTREAM")
        ])[0]
        if case .error(let message) = reply, !message.hasPrefix("BUSYGROUP") {
            throw RedisError.server(message)
        }
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
