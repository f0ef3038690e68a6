import Logging
import Redis

extension JobWorker {
    /// What to do with a failed delivery.
    enum FailureDecision: Equatable {
        case retry(after: Duration, countsAsAttempt: Bool)
        case deadLetter
    }

    /// Transient failures retry until the last attempt, with the provider's Retry-After when given;
    /// permanent ones dead-letter at once; rate-limited ones wait without using up an attempt.
    static func decide(_ error: any Error, job: Job, policy: RetryPolicy) -> (FailureDecision, reason: String) {
        switch error as? JobFailure {
        case .permanent(let reason):
            return (.deadLetter, reason)
        case .rateLimited(let wait):
            return (.retry(after: wait, countsAsAttempt: false), "rate limited")
        case .transient(let reason, let retryAfter):
            if job.isLastAttempt { return (.deadLetter, reason) }
            return (.retry(after: retryAfter ?? policy.delay(afterAttempt: job.attempt), countsAsAttempt: true), reason)
        case nil:
            let reason = String(describing: error)
            if job.isLastAttempt { return (.deadLetter, reason) }
            return (.retry(after: policy.delay(afterAttempt: job.attempt), countsAsAttempt: true), reason)
        }
    }

    /// Records the failure as a retry or a dead letter; returns which.
    @discardableResult
    func settleFailure(_ job: Job, error: any Error) async -> FailureDecision {
        let (decision, rawReason) = Self.decide(error, job: job, policy: options.retry)
        let reason = String(rawReason.prefix(500))
        let now = JobQueue.nowMilliseconds()
        let keys = queue.keys
        var arguments: [any RedisArgument] = [QueueKeys.group, job.streamID, Int(now)]
        switch decision {
        case .retry(let wait, let counts):
            arguments += ["retry", Int(now) + wait.milliseconds, reason]
            arguments += [job.id, job.name, counts ? job.attempt + 1 : job.attempt]
        case .deadLetter:
            arguments += ["dead", 0, reason, job.id, job.name, job.attempt]
        }
        let counts: Bool = if case .retry(_, false) = decision { false } else { true }
        arguments += [
            job.maxAttempts, Int(job.createdAt), job.correlationID ?? "", job.accountID ?? "", job.payload,
            counts ? "1" : "0", options.consumerName, queue.retention.maxDeadLetters,
            queue.retention.stateRetentionMilliseconds,
        ]
        let scriptKeys = [keys.stream, keys.delayed, keys.dead, keys.counters, keys.job(job.id)]
        var backoff = Backoff()
        while true {
            do {
                let reply = try await queue.redis.evaluate(JobScripts.fail, keys: scriptKeys, arguments: arguments)
                if reply.int == 0 {
                    logger.info(
                        "job failure not recorded: its delivery was settled or taken over elsewhere",
                        metadata: ["queue.name": "\(queue.name)", "job.id": "\(job.id)"])
                    return decision
                }
                logFailure(job, decision: decision, reason: reason)
                if decision == .deadLetter, let deadID = reply.string {
                    await recordDeadLetter(job, deadLetterID: deadID, reason: reason, failedAt: now)
                }
                return decision
            } catch {
                logger.warning(
                    "job failure could not be recorded",
                    metadata: [
                        "queue.name": "\(queue.name)", "job.id": "\(job.id)", "error": "\(error)",
                    ])
                // Left pending, the delivery is reclaimed later and runs again: nothing is lost.
                if book.isDraining && backoff.attempts >= 5 { return decision }
                await backoff.wait()
            }
        }
    }

    private func logFailure(_ job: Job, decision: FailureDecision, reason: String) {
        var metadata: Logger.Metadata = [
            "queue.name": "\(queue.name)", "job.id": "\(job.id)", "job.name": "\(job.name)",
            "job.attempt": "\(job.attempt)", "job.error": "\(reason)",
        ]
        if let correlation = job.correlationID { metadata["correlation.id"] = "\(correlation)" }
        switch decision {
        case .retry(let wait, _):
            metadata["job.retry_in_ms"] = "\(wait.milliseconds)"
            logger.info("job failed, retry scheduled", metadata: metadata)
        case .deadLetter:
            logger.error("job failed for good, dead-lettered", metadata: metadata)
        }
    }

    func recordDeadLetter(_ job: Job, deadLetterID: String, reason: String, failedAt: Int64) async {
        guard let deadLetterRecorder else { return }
        let letter = DeadLetter(
            deadLetterID: deadLetterID, queue: queue.name, jobID: job.id, name: job.name, attempts: job.attempt,
            error: reason, failedAt: failedAt, correlationID: job.correlationID, accountID: job.accountID,
            payload: job.payload)
        do {
            try await deadLetterRecorder.record(letter)
        } catch {
            // Redis keeps the dead letter either way; the durable copy is a convenience for listing.
            logger.error("dead letter not mirrored", metadata: ["job.id": "\(job.id)", "error": "\(error)"])
        }
    }
}
