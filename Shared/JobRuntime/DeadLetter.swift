import Redis

/// A job whose last attempt failed, kept in the queue's `:dead` stream until replayed.
package struct DeadLetter: Sendable, Equatable, Codable {
    /// The entry id in the dead stream (what ``JobQueue/replay(deadLetterID:)`` takes).
    package var deadLetterID: String
    package var queue: String
    package var jobID: String
    package var name: String
    package var attempts: Int
    package var error: String
    package var failedAt: Int64
    package var correlationID: String?
    package var accountID: String?
    package var payload: [UInt8]

    package init(
        deadLetterID: String, queue: String, jobID: String, name: String, attempts: Int, error: String,
        failedAt: Int64, correlationID: String?, accountID: String?, payload: [UInt8]
    ) {
        self.deadLetterID = deadLetterID
        self.queue = queue
        self.jobID = jobID
        self.name = name
        self.attempts = attempts
        self.error = error
        self.failedAt = failedAt
        self.correlationID = correlationID
        self.accountID = accountID
        self.payload = payload
    }

    init?(entry: RedisStreamEntry, queue: String) {
        guard let jobID = entry.string(JobField.id), let name = entry.string(JobField.name) else { return nil }
        self.deadLetterID = entry.id
        self.queue = queue
        self.jobID = jobID
        self.name = name
        self.attempts = entry.int(JobField.attempt) ?? 0
        self.error = entry.string("error") ?? ""
        self.failedAt = Int64(entry.int("failed") ?? 0)
        self.correlationID = entry.string(JobField.correlation).flatMap { $0.isEmpty ? nil : $0 }
        self.accountID = entry.string(JobField.account).flatMap { $0.isEmpty ? nil : $0 }
        self.payload = entry.fields[JobField.payload] ?? []
    }
}

/// Mirrors dead letters somewhere durable (the `dead_letters` table); called after Redis recorded one.
package protocol DeadLetterRecorder: Sendable {
    func record(_ letter: DeadLetter) async throws
}

extension JobQueue {
    /// Dead letters, newest first.
    package func deadLetters(limit: Int = 100) async throws -> [DeadLetter] {
        let reply = try await redis.send("XREVRANGE", keys.dead, "+", "-", "COUNT", max(1, limit))
        return reply.streamRangeEntries.compactMap { DeadLetter(entry: $0, queue: name) }
    }

    /// The dead letter with this entry id, or nil.
    package func deadLetter(id deadLetterID: String) async throws -> DeadLetter? {
        let letters = try await redis.send("XRANGE", keys.dead, deadLetterID, deadLetterID).streamRangeEntries
        return letters.first.flatMap { DeadLetter(entry: $0, queue: name) }
    }

    /// Puts one dead letter back on the queue with fresh attempts; returns the job id.
    @discardableResult
    package func replay(deadLetterID: String) async throws -> String {
        let letters = try await redis.send("XRANGE", keys.dead, deadLetterID, deadLetterID).streamRangeEntries
        guard let letter = letters.first.flatMap({ DeadLetter(entry: $0, queue: name) }) else {
            throw JobRuntimeError.notFound("dead letter \(deadLetterID) in queue \(name)")
        }
        let reply = try await redis.evaluate(
            JobScripts.replay, keys: [keys.dead, keys.stream, keys.counters, keys.job(letter.jobID)],
            arguments: [deadLetterID, letter.jobID, Int(Self.nowMilliseconds()), retention.stateRetentionMilliseconds])
        guard reply.string != nil else {
            throw JobRuntimeError.notFound("dead letter \(deadLetterID) in queue \(name)")
        }
        return letter.jobID
    }

    /// Puts a dead letter back on the queue from a copy kept elsewhere (the `dead_letters` table), for a letter
    /// whose entry has left the `:dead` stream (trimmed): the job's old state is dropped and it is enqueued
    /// afresh under its id, with the queue's default attempts.
    package func requeue(_ letter: DeadLetter) async throws {
        _ = try await redis.send("DEL", keys.job(letter.jobID)).orThrow()
        _ = try await enqueue(
            JobRequest(
                name: letter.name, payload: letter.payload, id: letter.jobID, correlationID: letter.correlationID,
                accountID: letter.accountID))
    }

    /// Replays every dead letter (oldest first); returns how many.
    package func replayAllDeadLetters() async throws -> Int {
        var replayed = 0
        while true {
            let batch = try await redis.send("XRANGE", keys.dead, "-", "+", "COUNT", 100).streamRangeEntries
            if batch.isEmpty { return replayed }
            for entry in batch {
                _ = try await replay(deadLetterID: entry.id)
                replayed += 1
            }
        }
    }
}
