import Foundation
import JobRuntime
import Logging
import Postgres
import Redis
import ServiceRuntime

extension ProbeEntrypoint {
    /// Makes one real dead letter for the browser check: enqueues a `--name` job of `--account` on `--queue`
    /// (keys under `--prefix`) and has a worker fail it permanently, recording it in `--database-url`
    /// (`--search-path`) as any worker does. Prints the job id once the dead letter is recorded.
    static func deadLetter(options: ProbeOptions) async throws {
        let logger = Logger(label: "probe") { _ in SwiftLogNoOpLogHandler() }
        let redis = try RedisConfiguration(url: try options.required("--redis-url"), poolSize: 2).makeSharedClient()
        var configuration = try PostgresConfiguration(url: try options.required("--database-url"))
        configuration.searchPath = options.values["--search-path"]
        configuration.poolSize = 2
        let pool = PostgresPool(configuration: configuration, logger: logger)
        let queue = JobQueue(
            name: try options.required("--queue"), redis: redis, prefix: try options.required("--prefix"))
        let job = try await queue.enqueue(
            JobRequest(
                name: try options.required("--name"), payload: Array("{}".utf8),
                accountID: try options.required("--account")))
        let worker = JobWorker(
            queue: queue,
            options: JobWorkerOptions(
                consumerName: "probe-dead-letter", concurrency: 1, blockTimeout: .milliseconds(100)),
            logger: logger, deadLetterRecorder: PostgresDeadLetterRecorder(pool: pool)
        ) { _ in throw JobFailure.permanent("refused by the test probe") }
        let running = Task { try await worker.run() }
        let deadline = ContinuousClock.now + .seconds(20)
        var recorded = false
        while !recorded, ContinuousClock.now < deadline {
            recorded = try await !pool.query("select 1 from dead_letters where job_id = $1", [job.id]).isEmpty
            if !recorded { try await Task.sleep(for: .milliseconds(100)) }
        }
        worker.shutdown()
        try await running.value
        await pool.close()
        await redis.close()
        guard recorded else { throw ProbeError("the dead letter was not recorded") }
        print(job.id)
    }
}
