import Logging
import Redis

extension JobWorker {
    /// Promotes due delayed jobs, reclaims abandoned deliveries and keeps this consumer's held deliveries
    /// from looking abandoned, until draining starts. Every process does this; the scripts are atomic, so
    /// doing it more than once is harmless.
    func maintenanceLoop() async {
        let clock = ContinuousClock()
        var nextPromote = clock.now
        var nextReclaim = clock.now
        // Refreshing what is older than a quarter, every quarter, keeps any held delivery's idle time under
        // about half the visibility timeout, with room for a busy machine.
        let keepAliveEvery = options.visibilityTimeout / 4
        var nextKeepAlive = clock.now + keepAliveEvery
        var nextTrim = clock.now + .seconds(1)
        var trims = 0
        while !book.isDraining {
            for giveUp in book.takeOverdue(at: clock.now) { giveUp() }
            if clock.now >= nextPromote {
                let untilNextDue = await promoteDueJobs()
                nextPromote = clock.now + min(options.promoteInterval, untilNextDue ?? options.promoteInterval)
            }
            if clock.now >= nextReclaim {
                await reclaimAbandoned()
                nextReclaim = clock.now + options.reclaimInterval
            }
            if clock.now >= nextKeepAlive {
                await keepHeldAlive(olderThan: keepAliveEvery)
                nextKeepAlive = clock.now + keepAliveEvery
            }
            if clock.now >= nextTrim {
                await trimSettled()
                nextTrim = clock.now + .seconds(1)
                trims += 1
                if trims % 60 == 1 { await removeStaleConsumers() }
            }
            let wake = min(nextPromote, nextReclaim, nextKeepAlive, nextTrim)
            // Short naps so that a drain is noticed quickly.
            try? await Task.sleep(for: min(.milliseconds(100), max(.milliseconds(1), wake - clock.now)))
        }
    }

    /// Moves due jobs to the stream; returns the time until the next one is due, if any.
    func promoteDueJobs() async -> Duration? {
        let limit = 500
        do {
            while true {
                let now = JobQueue.nowMilliseconds()
                // The script must declare each job's key: read the due ids first (it re-checks each one).
                let due =
                    try await queue.redis.send(
                        "ZRANGEBYSCORE", queue.keys.delayed, "-inf", Int(now), "LIMIT", 0, limit
                    ).array?.compactMap(\.string) ?? []
                let reply = try await queue.redis.evaluate(
                    JobScripts.promote, keys: [queue.keys.delayed, queue.keys.stream] + due.map(queue.keys.job),
                    arguments: [Int(now), queue.retention.stateRetentionMilliseconds, queue.retention.maxLength]
                        + due.map { $0 as any RedisArgument })
                let parts = reply.array ?? []
                let nextDue = parts.count > 1 ? parts[1].int ?? -1 : -1
                if due.count < limit {
                    return nextDue < 0 ? nil : .milliseconds(max(1, nextDue - Int(now)))
                }
            }
        } catch {
            logger.warning(
                "delayed job promotion failed", metadata: ["queue.name": "\(queue.name)", "error": "\(error)"])
            return nil
        }
    }

    /// Drops settled entries from the stream head (memory stays bounded by what is waiting or pending).
    func trimSettled() async {
        do {
            try await queue.redis.evaluate(JobScripts.trim, keys: [queue.keys.stream], arguments: [QueueKeys.group])
        } catch {
            logger.warning("stream trim failed", metadata: ["queue.name": "\(queue.name)", "error": "\(error)"])
        }
    }

    /// Removes consumers that hold nothing and have been idle past `staleConsumerAge` (each process start
    /// joins under a new name; without this the group's consumer list only grows).
    func removeStaleConsumers() async {
        do {
            let reply = try await queue.redis.send("XINFO", "CONSUMERS", queue.keys.stream, QueueKeys.group)
            for consumer in reply.array ?? [] {
                var fields: [String: RESPValue] = [:]
                let flat = consumer.array ?? []
                for index in stride(from: 0, to: flat.count - 1, by: 2) {
                    if let key = flat[index].string { fields[key] = flat[index + 1] }
                }
                guard let name = fields["name"]?.string, name != options.consumerName,
                    fields["pending"]?.int == 0, let idle = fields["idle"]?.int,
                    idle >= options.staleConsumerAge.milliseconds
                else { continue }
                // DELCONSUMER refuses nothing: the pending check above is what keeps deliveries safe, and a
                // consumer that reads again simply reappears.
                try await queue.redis.send("XGROUP", "DELCONSUMER", queue.keys.stream, QueueKeys.group, name)
                logger.info(
                    "removed a stale consumer", metadata: ["queue.name": "\(queue.name)", "consumer.name": "\(name)"])
            }
        } catch {
            logger.warning(
                "stale consumer cleanup failed", metadata: ["queue.name": "\(queue.name)", "error": "\(error)"])
        }
    }

    /// Claims deliveries idle past the visibility timeout, as many as this process has room for.
    func reclaimAbandoned() async {
        let room = book.freeRoom
        guard room > 0 else { return }
        do {
            let candidates = try await abandonedCandidates(limit: room)
            guard !candidates.isEmpty else { return }
            let reply = try await queue.redis.evaluate(
                JobScripts.reclaim,
                keys: [queue.keys.stream, queue.keys.dead, queue.keys.counters] + candidates.map(\.jobKey),
                arguments: [
                    QueueKeys.group, options.consumerName, options.visibilityTimeout.milliseconds, options.maxStalls,
                    Int(JobQueue.nowMilliseconds()), queue.retention.maxDeadLetters,
                    queue.retention.stateRetentionMilliseconds,
                ] + candidates.map { $0.streamID as any RedisArgument })
            let parts = reply.array ?? []
            let claimed = parts.first.map(\.streamRangeEntries) ?? []
            let dead = parts.count > 1 ? parts[1].streamRangeEntries : []
            if !claimed.isEmpty {
                logger.info(
                    "reclaimed abandoned jobs",
                    metadata: [
                        "queue.name": "\(queue.name)", "jobs.count": "\(claimed.count)",
                    ])
                book.deliver(try await jobs(from: claimed))
            }
            for entry in dead {
                guard let letter = DeadLetter(entry: entry, queue: queue.name) else { continue }
                logger.error(
                    "job dead-lettered after stalling",
                    metadata: ["queue.name": "\(queue.name)", "job.id": "\(letter.jobID)"])
                if let deadLetterRecorder { try? await deadLetterRecorder.record(letter) }
            }
        } catch {
            logger.warning("reclaim failed", metadata: ["queue.name": "\(queue.name)", "error": "\(error)"])
        }
    }

    /// Deliveries idle past the visibility timeout, with the state-hash key of each one's job (read from its
    /// entry; a deleted entry gets its stream id's, unused: the script only drops it from the pending list).
    private func abandonedCandidates(limit: Int) async throws -> [(streamID: String, jobKey: String)] {
        let pending = try await queue.redis.send(
            "XPENDING", queue.keys.stream, QueueKeys.group, "IDLE", options.visibilityTimeout.milliseconds, "-", "+",
            limit)
        let streamIDs = (pending.array ?? []).compactMap { $0.array?.first?.string }
        guard !streamIDs.isEmpty else { return [] }
        let entries = try await queue.redis.pipeline(
            streamIDs.map { RedisCommand("XRANGE", queue.keys.stream, $0, $0) })
        return zip(streamIDs, entries).map { streamID, reply in
            let jobID = reply.streamRangeEntries.first?.string(JobField.id).flatMap { $0.isEmpty ? nil : $0 }
            return (streamID, queue.keys.job(jobID ?? streamID))
        }
    }

    /// Resets the idle time of deliveries this process still holds (running or prefetched), and only of those
    /// it still owns: one that another consumer reclaimed meanwhile is not taken back, and is dropped from the
    /// book (its handler's outcome will not be settled here; the new owner settles it).
    func keepHeldAlive(olderThan age: Duration) async {
        let ids = book.heldLonger(than: age)
        guard !ids.isEmpty else { return }
        do {
            var lost: [String] = []
            for chunk in ids.chunked(into: 200) {
                let reply = try await queue.redis.evaluate(
                    JobScripts.keepAlive, keys: [queue.keys.stream],
                    arguments: [QueueKeys.group, options.consumerName] + chunk.map { $0 as any RedisArgument })
                lost += (reply.array ?? []).compactMap(\.string)
            }
            book.refreshed(ids)
            if !lost.isEmpty {
                book.lost(lost)
                logger.warning(
                    "held deliveries were taken over by another consumer",
                    metadata: ["queue.name": "\(queue.name)", "jobs.count": "\(lost.count)"])
            }
        } catch {
            logger.warning(
                "keep-alive of held jobs failed", metadata: ["queue.name": "\(queue.name)", "error": "\(error)"])
        }
    }

    /// After the drain: hands unstarted and cancelled deliveries back as waiting jobs, at once.
    func releaseHeldBack() async {
        let jobs = book.takeReleases()
        guard !jobs.isEmpty else { return }
        var backoff = Backoff()
        for chunk in jobs.chunked(into: 200) {
            while true {
                do {
                    try await queue.redis.evaluate(
                        JobScripts.release, keys: [queue.keys.stream] + chunk.map { queue.keys.job($0.id) },
                        arguments: [
                            QueueKeys.group, Int(JobQueue.nowMilliseconds()), options.consumerName,
                            queue.retention.stateRetentionMilliseconds,
                        ] + chunk.map { $0.streamID as any RedisArgument })
                    break
                } catch {
                    // Not released: the deliveries stay pending and are reclaimed after the visibility timeout.
                    if backoff.attempts >= 3 {
                        logger.warning(
                            "could not hand jobs back; they will be reclaimed",
                            metadata: [
                                "queue.name": "\(queue.name)", "jobs.count": "\(chunk.count)", "error": "\(error)",
                            ])
                        break
                    }
                    await backoff.wait()
                }
            }
        }
        logger.info(
            "jobs handed back to the queue", metadata: ["queue.name": "\(queue.name)", "jobs.count": "\(jobs.count)"])
    }
}
