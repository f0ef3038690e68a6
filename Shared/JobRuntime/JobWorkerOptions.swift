import Foundation

/// How a ``JobWorker`` consumes its queue.
package struct JobWorkerOptions: Sendable {
    /// This process's consumer name in the group; must be unique per live process.
    package var consumerName: String
    /// Handlers running at once in this process.
    package var concurrency: Int
    /// Jobs fetched ahead beyond the running ones (fewer round trips; they stay in this consumer's pending
    /// list, kept alive, and are handed back on shutdown).
    package var prefetch: Int
    /// How long one XREADGROUP waits on an empty stream.
    package var blockTimeout: Duration
    /// A delivery idle this long is presumed abandoned (its consumer died) and is reclaimed by another.
    package var visibilityTimeout: Duration
    /// How often this process looks for abandoned deliveries.
    package var reclaimInterval: Duration
    /// Longest wait between two looks at the delayed set.
    package var promoteInterval: Duration
    /// Backoff and default attempts for failures.
    package var retry: RetryPolicy
    /// How long a completed job's state stays queryable (and its explicit id de-duplicated); zero keeps none.
    package var completedRetention: Duration
    /// Reclaims after which a job is dead-lettered instead (a job that keeps killing its consumers).
    package var maxStalls: Int
    /// Graceful shutdown: how long running handlers may take before they are cancelled and released.
    package var shutdownDeadline: Duration
    /// Consumers of the group idle this long with nothing pending (processes that stopped) are removed.
    package var staleConsumerAge: Duration
    /// How long one handler may run: past it, the handler is cancelled and its delivery given up (settled as a
    /// transient failure, so the job retries), even when the handler ignores the cancellation. Nil: no limit.
    package var jobTimeout: Duration?

    package init(
        consumerName: String = JobWorkerOptions.defaultConsumerName(), concurrency: Int = 10, prefetch: Int = 32,
        blockTimeout: Duration = .seconds(2), visibilityTimeout: Duration = .seconds(60),
        reclaimInterval: Duration = .seconds(5), promoteInterval: Duration = .milliseconds(500),
        retry: RetryPolicy = RetryPolicy(), completedRetention: Duration = .seconds(86_400), maxStalls: Int = 3,
        shutdownDeadline: Duration = .seconds(10), staleConsumerAge: Duration = .seconds(3600),
        jobTimeout: Duration? = .seconds(300)
    ) {
        self.jobTimeout = jobTimeout
        self.consumerName = consumerName
        self.concurrency = max(1, concurrency)
        self.prefetch = max(0, prefetch)
        self.blockTimeout = blockTimeout
        self.visibilityTimeout = visibilityTimeout
        self.reclaimInterval = reclaimInterval
        self.promoteInterval = promoteInterval
        self.retry = retry
        self.completedRetention = completedRetention
        self.maxStalls = max(1, maxStalls)
        self.shutdownDeadline = shutdownDeadline
        self.staleConsumerAge = staleConsumerAge
    }

    /// `<host>-<pid>-<random>`: unique per process start, readable in `XINFO CONSUMERS`.
    package static func defaultConsumerName() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        return "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(random)"
    }
}
