import Foundation
import JobRuntime
import Logging
import Redis
import Synchronization

/// The three measurements, each on a flushed Redis.
struct Bench {
    let options: BenchOptions
    let redis: RedisPool
    var queue: JobQueue { JobQueue(name: options.queue, redis: redis) }

    func runAll() async throws {
        for run in 1...max(1, options.repeats) {
            try await measureEnqueue(run: run)
            for concurrency in options.concurrencies {
                try await measureProcess(concurrency: concurrency, run: run)
                try await measureEndToEnd(concurrency: concurrency, run: run)
            }
        }
        try await redis.send("FLUSHALL")
    }

    // MARK: - Measurements

    private func measureEnqueue(run: Int) async throws {
        try await redis.send("FLUSHALL")
        let cpu = RedisCPU(redis: redis)
        let cpuBefore = try await cpu.seconds()
        let started = ContinuousClock.now
        try await enqueueAll()
        let seconds = (ContinuousClock.now - started).seconds
        let cpuAfter = try await cpu.seconds()
        let waiting = try await queue.stats().waiting
        guard waiting == options.jobs else { throw BenchError.failed("enqueued \(waiting) of \(options.jobs)") }
        report(bench: "enqueue_bulk", concurrency: nil, run: run, seconds: seconds, redisCPU: cpuAfter - cpuBefore)
    }

    private func measureProcess(concurrency: Int, run: Int) async throws {
        try await redis.send("FLUSHALL")
        try await enqueueAll()
        let cpu = RedisCPU(redis: redis)
        let cpuBefore = try await cpu.seconds()
        let started = ContinuousClock.now
        let finished = try await drain(concurrency: concurrency, whileRunning: nil)
        let seconds = (finished - started).seconds
        let cpuAfter = try await cpu.seconds()
        report(bench: "process", concurrency: concurrency, run: run, seconds: seconds, redisCPU: cpuAfter - cpuBefore)
    }

    private func measureEndToEnd(concurrency: Int, run: Int) async throws {
        try await redis.send("FLUSHALL")
        try await queue.ensureGroup()
        let cpu = RedisCPU(redis: redis)
        var cpuBefore = 0.0
        var producerStart = 0.0
        let finishedAt = try await drain(concurrency: concurrency) {
            // The worker is up and idle; now a separate producer process adds the jobs.
            try await Task.sleep(for: .milliseconds(200))
            cpuBefore = try await cpu.seconds()
            producerStart = try await runProducerProcess()
        }
        let wallFinished = Date().timeIntervalSince1970 - (ContinuousClock.now - finishedAt).seconds
        let cpuAfter = try await cpu.seconds()
        report(
            bench: "e2e", concurrency: concurrency, run: run, seconds: wallFinished - producerStart,
            redisCPU: cpuAfter - cpuBefore)
    }

    // MARK: - Pieces

    private func enqueueAll() async throws {
        var index = 0
        while index < options.jobs {
            let count = min(options.batch, options.jobs - index)
            let requests = (index..<(index + count)).map { JobRequest(name: "noop", text: "{\"i\":\($0)}") }
            _ = try await queue.enqueue(requests)
            index += count
        }
    }

    /// Runs a worker with a no-op handler until every job has been acknowledged; returns when that happened.
    private func drain(
        concurrency: Int, whileRunning action: (() async throws -> Void)?
    ) async throws -> ContinuousClock.Instant {
        let settled = Mutex(0)
        let target = options.jobs
        let done = AsyncStream<ContinuousClock.Instant>.makeStream()
        let workerOptions = JobWorkerOptions(
            consumerName: "bench-\(concurrency)", concurrency: concurrency, prefetch: options.prefetch,
            blockTimeout: .milliseconds(500))
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let worker = JobWorker(
            queue: queue, options: workerOptions, logger: logger,
            onSettled: { count in
                let total = settled.withLock { value -> Int in
                    value += count
                    return value
                }
                if total >= target { done.continuation.yield(ContinuousClock.now) }
            },
            handler: { _ in })
        let running = Task { try await worker.run() }
        defer { running.cancel() }
        if let action { try await action() }
        var finished: ContinuousClock.Instant?
        for await instant in done.stream {
            finished = instant
            break
        }
        worker.shutdown()
        try await running.value
        guard let finished else { throw BenchError.failed("the worker stopped before finishing") }
        return finished
    }

    /// Starts `jobs-bench --role producer` and returns the Unix time of its first enqueue.
    private func runProducerProcess() async throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        process.arguments = [
            "--role", "producer", "--redis-url", options.redisURL, "--n", "\(options.jobs)", "--batch",
            "\(options.batch)", "--queue", options.queue,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = await Task.detached { output.fileHandleForReading.readDataToEndOfFile() }.value
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
            let first = Double(line.split(separator: " ").first ?? "")
        else { throw BenchError.failed("the producer process failed") }
        return first
    }

    /// Producer role: enqueue everything, print `<unix time of first enqueue> <unix time done>`.
    func produce() async throws {
        try await redis.ping()
        _ = try await queue.stats()
        let first = Date().timeIntervalSince1970
        try await enqueueAll()
        print("\(first) \(Date().timeIntervalSince1970)")
    }

    private func report(bench: String, concurrency: Int?, run: Int, seconds: Double, redisCPU: Double) {
        let rate = Double(options.jobs) / seconds
        let cpuPerJob = redisCPU * 1e6 / Double(options.jobs)
        let fields: [String: Any] = [
            "stack": "ours", "bench": bench, "concurrency": concurrency ?? 0, "run": run, "jobs": options.jobs,
            "seconds": seconds, "rate": rate, "redis_cpu_us_per_item": cpuPerJob, "prefetch": options.prefetch,
        ]
        let json =
            (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])).map {
                String(decoding: $0, as: UTF8.self)
            } ?? "{}"
        print("RESULT \(json)")
        let label = concurrency.map { "c=\($0)" } ?? "batch=\(options.batch)"
        let line =
            "\(bench.padding(toLength: 13, withPad: " ", startingAt: 0)) \(label.padding(toLength: 10, withPad: " ", startingAt: 0)) "
            + "\(String(format: "%8.3f", seconds))s \(String(format: "%10.0f", rate)) jobs/s  redis \(String(format: "%.2f", cpuPerJob)) cpu-us/job"
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
