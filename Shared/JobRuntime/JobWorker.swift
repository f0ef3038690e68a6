import Dispatch
import Logging
import Redis
import ServiceLifecycle

/// Handles one job; throw ``JobFailure`` to choose between retry and dead letter.
package typealias JobHandler = @Sendable (Job) async throws -> Void

/// Consumes one queue in this process: a reader fetching batches with XREADGROUP, `concurrency` handler
/// loops, a settler acknowledging successes in batches, and maintenance (due delayed jobs, reclaim of
/// abandoned deliveries, keep-alive of held ones). A `Service`: graceful shutdown stops fetching, lets
/// running handlers finish within the deadline and hands everything else back to the queue.
package final class JobWorker: Service, Sendable {
    package let queue: JobQueue
    package let options: JobWorkerOptions
    let handler: JobHandler
    let logger: Logger
    let deadLetterRecorder: (any DeadLetterRecorder)?
    let book: WorkerBook
    /// Blocking reads get their own link so that acknowledgements never wait behind them (on a cluster, to the
    /// node that owns the queue's slot).
    let readConnection: any BlockingRedisClient
    let settleConnection: any BlockingRedisClient
    let onSettled: (@Sendable (Int) -> Void)?
    let metrics: JobMetrics

    /// `onSettled` is told how many successes each acknowledgement batch settled (metrics, benchmarks).
    package init(
        queue: JobQueue, options: JobWorkerOptions = JobWorkerOptions(), logger: Logger,
        deadLetterRecorder: (any DeadLetterRecorder)? = nil, onSettled: (@Sendable (Int) -> Void)? = nil,
        handler: @escaping JobHandler
    ) {
        self.onSettled = onSettled
        self.metrics = JobMetrics(queue: queue.name)
        self.queue = queue
        self.options = options
        self.handler = handler
        self.logger = logger
        self.deadLetterRecorder = deadLetterRecorder
        self.book = WorkerBook(capacity: options.concurrency + options.prefetch, workers: options.concurrency)
        self.readConnection = queue.redis.dedicatedConnection(forKey: queue.keys.stream, name: "jobs-read")
        self.settleConnection = queue.redis.dedicatedConnection(forKey: queue.keys.stream, name: "jobs-settle")
    }

    /// Runs until graceful shutdown (or task cancellation), then drains.
    package func run() async throws {
        try await queue.ensureGroup()
        logger.info(
            "job worker started",
            metadata: [
                "queue.name": "\(queue.name)", "worker.consumer": "\(options.consumerName)",
                "worker.concurrency": "\(options.concurrency)",
            ])
        // Handler loops live in their own task so that the shutdown deadline can cancel them alone.
        let handlers = Task { await self.runHandlerLoops() }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await self.readLoop() }
                    group.addTask { await self.settleLoop() }
                    group.addTask { await self.maintenanceLoop() }
                    group.addTask { await self.enforceShutdownDeadline(on: handlers) }
                    await group.waitForAll()
                }
            } onGracefulShutdown: {
                self.shutdown()
            }
        } onCancel: {
            self.shutdown()
        }
        await releaseHeldBack()
        logger.info("job worker stopped", metadata: ["queue.name": "\(queue.name)"])
    }

    /// Starts a graceful drain (what SIGTERM does through the service group).
    package func shutdown() {
        book.beginDrain()
    }

    // MARK: - Reading

    private func readLoop() async {
        var backoff = Backoff()
        // After a broken link, a read may have been delivered by the server without its reply reaching us:
        // those entries sit in this consumer's pending list. Reading from id 0 finds them at once instead of
        // after the visibility timeout.
        var recoverOwnPending = false
        while true {
            let room = await book.waitForRoom()
            if room == 0 { return }
            do {
                if recoverOwnPending {
                    try await recoverUnseenDeliveries(room: room)
                    recoverOwnPending = false
                }
                let command = RedisCommand(
                    "XREADGROUP", "GROUP", QueueKeys.group, options.consumerName, "COUNT", room, "BLOCK",
                    options.blockTimeout.milliseconds, "STREAMS", queue.keys.stream, ">")
                let reply = try await readConnection.pipeline([command], blockingFor: options.blockTimeout)[0]
                if case .error(let message) = reply, message.hasPrefix("NOGROUP") {
                    // The stream or group vanished (a Redis without persistence restarted): recreate it.
                    try await queue.ensureGroup()
                    continue
                }
                let entries = try reply.orThrow().streamReadEntries
                book.deliver(try await jobs(from: entries))
                backoff.reset()
            } catch {
                if book.isDraining { return }
                recoverOwnPending = true
                logger.warning("job fetch failed", metadata: ["queue.name": "\(queue.name)", "error": "\(error)"])
                await backoff.wait()
            }
        }
    }

    /// Delivers this consumer's pending entries that it does not hold (their read reply was lost).
    private func recoverUnseenDeliveries(room: Int) async throws {
        let command = RedisCommand(
            "XREADGROUP", "GROUP", QueueKeys.group, options.consumerName, "COUNT", 1000, "STREAMS",
            queue.keys.stream, "0")
        let entries = try await readConnection.pipeline([command])[0].orThrow().streamReadEntries
        let unseen = entries.filter { !book.isHeld($0.id) }.prefix(room)
        guard !unseen.isEmpty else { return }
        logger.info(
            "recovered deliveries whose read reply was lost",
            metadata: [
                "queue.name": "\(queue.name)", "jobs.count": "\(unseen.count)",
            ])
        book.deliver(try await jobs(from: Array(unseen)))
    }

    /// Turns entries into jobs; an entry that is not a job (written by hand) is acknowledged and dropped.
    func jobs(from entries: [RedisStreamEntry]) async throws -> [Job] {
        var jobs: [Job] = []
        jobs.reserveCapacity(entries.count)
        for entry in entries {
            if let job = Job(entry: entry, queue: queue.name) {
                jobs.append(job)
            } else {
                logger.error(
                    "dropping a stream entry that is not a job",
                    metadata: [
                        "queue.name": "\(queue.name)", "stream.id": "\(entry.id)",
                    ])
                try await queue.redis.pipeline([
                    RedisCommand("XACK", queue.keys.stream, QueueKeys.group, entry.id),
                    RedisCommand("XDEL", queue.keys.stream, entry.id),
                ])
            }
        }
        return jobs
    }

    // MARK: - Running

    private func runHandlerLoops() async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<options.concurrency {
                group.addTask { await self.workLoop() }
            }
        }
    }

    private func workLoop() async {
        defer { book.workerFinished() }
        while let job = await book.nextJob() {
            let started = DispatchTime.now().uptimeNanoseconds
            switch await run(job) {
            case .succeeded:
                metrics.record(.completed, startedAt: started)
                book.succeeded(job)
            case .failed(let error):
                if Task.isCancelled && book.isDraining {
                    // The shutdown deadline cancelled this handler: hand the job back untouched.
                    metrics.record(.released, startedAt: started)
                    book.release(job)
                } else {
                    let decision = await settleFailure(job, error: error)
                    metrics.record(decision == .deadLetter ? .dead : .retried, startedAt: started)
                    book.settledElsewhere(job)
                }
            case .timedOut:
                metrics.record(.timedOut, startedAt: started)
                logger.error(
                    "job handler passed its deadline; cancelled and its delivery given up",
                    metadata: ["queue.name": "\(queue.name)", "job.id": "\(job.id)"])
                let limit = options.jobTimeout.map { "\($0)" } ?? "-"
                await settleFailure(job, error: JobFailure.transient("the handler ran past its deadline (\(limit))"))
                book.settledElsewhere(job)
            }
        }
    }

    /// Runs the handler, under the per-job deadline when there is one.
    private func run(_ job: Job) async -> HandlerRun.Outcome {
        guard let timeout = options.jobTimeout else {
            do {
                try await handler(job)
                return .succeeded
            } catch {
                return .failed(error)
            }
        }
        return await HandlerRun.run(job, handler: handler) { giveUp in
            book.started(job.streamID, deadline: .now + timeout, giveUp: giveUp)
        }
    }

    /// Once draining starts, gives running handlers `shutdownDeadline` to finish, then cancels them.
    private func enforceShutdownDeadline(on handlers: Task<Void, Never>) async {
        await book.waitUntilDraining()
        await withTaskGroup(of: Void.self) { race in
            race.addTask { try? await Task.sleep(for: self.options.shutdownDeadline) }
            race.addTask { await handlers.value }
            await race.next()
            handlers.cancel()  // no effect when they already finished
            race.cancelAll()
        }
    }

    // MARK: - Acknowledging successes

    private func settleLoop() async {
        var backoff = Backoff()
        while true {
            let batch = await book.takeCompleted(limit: 500)
            if batch.isEmpty { return }
            let retention = options.completedRetention.milliseconds
            var keys = [queue.keys.stream, queue.keys.counters]
            var arguments: [any RedisArgument] = [
                QueueKeys.group, Int(JobQueue.nowMilliseconds()), options.completedRetention == .zero ? 0 : retention,
                options.consumerName, StreamID.lowest(in: batch.map(\.streamID)),
                StreamID.highest(in: batch.map(\.streamID)),
            ]
            var untracked: [any RedisArgument] = []
            for job in batch {
                if job.isTracked {
                    keys.append(queue.keys.job(job.id))
                    arguments.append(job.streamID)
                } else {
                    untracked.append(job.streamID)
                }
            }
            arguments += untracked
            while true {
                do {
                    let settled = try await settleConnection.evaluate(
                        JobScripts.complete, keys: keys, arguments: arguments)
                    book.settled(batch)
                    onSettled?(settled.int ?? 0)
                    backoff.reset()
                    break
                } catch {
                    // Keep the batch: these jobs ran. If Redis stays away past shutdown they stay pending and
                    // run again elsewhere (at-least-once; effects are idempotent).
                    logger.warning(
                        "job acknowledgement failed",
                        metadata: [
                            "queue.name": "\(queue.name)", "error": "\(error)", "jobs.count": "\(batch.count)",
                        ])
                    if book.isDraining && backoff.attempts >= 5 { return }
                    await backoff.wait()
                }
            }
        }
    }
}

/// Capped exponential waits between retries of infrastructure calls (not of jobs).
struct Backoff {
    private(set) var attempts = 0

    mutating func reset() { attempts = 0 }

    mutating func wait() async {
        attempts += 1
        let millis = min(2_000, 50 << min(attempts, 6))
        try? await Task.sleep(for: .milliseconds(millis))
    }
}
