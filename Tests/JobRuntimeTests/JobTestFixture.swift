import Foundation
import JobRuntime
import Logging
import Redis
import Synchronization
import TestSupport

/// A queue with a unique name on the test Redis, and helpers to run workers against it.
struct JobTestFixture {
    let redis: any SharedRedisClient
    let queue: JobQueue

    init(redisURL: String = TestEnvironment.redisURL, maxAttempts: Int = 3) throws {
        redis = try RedisConfiguration(url: redisURL, poolSize: 4).makeSharedClient()
        queue = JobQueue(name: "test-\(UUID().uuidString.prefix(8))", redis: redis, defaultMaxAttempts: maxAttempts)
    }

    static func options(
        concurrency: Int = 4, prefetch: Int = 8, visibility: Duration = .seconds(30),
        retryBase: Duration = .milliseconds(50),
        deadline: Duration = .seconds(5)
    ) -> JobWorkerOptions {
        JobWorkerOptions(
            consumerName: "test-\(UUID().uuidString.prefix(6))", concurrency: concurrency, prefetch: prefetch,
            blockTimeout: .milliseconds(200), visibilityTimeout: visibility, reclaimInterval: .milliseconds(100),
            promoteInterval: .milliseconds(50), retry: RetryPolicy(baseDelay: retryBase),
            shutdownDeadline: deadline)
    }

    /// Starts a worker; stop it with `stop(_:)`.
    func start(
        _ options: JobWorkerOptions = JobTestFixture.options(), recorder: (any DeadLetterRecorder)? = nil,
        handler: @escaping JobHandler
    ) -> RunningWorker {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let worker = JobWorker(
            queue: queue, options: options, logger: logger, deadLetterRecorder: recorder, handler: handler)
        return RunningWorker(worker: worker, task: Task { try await worker.run() })
    }

    func waitForStats(timeout: Duration = .seconds(15), _ condition: @escaping (QueueStats) -> Bool) async throws
        -> Bool
    {
        try await eventually(timeout: timeout) { condition(try await queue.stats()) }
    }
}

struct RunningWorker {
    let worker: JobWorker
    let task: Task<Void, any Error>

    /// Graceful stop, as SIGTERM would do.
    func stop() async throws {
        worker.shutdown()
        try await task.value
    }
}

/// Thread-safe record of what handlers saw.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
    var count: Int { values.withLock { $0.count } }
}
