import HuntStore
import JobRuntime
import Logging
import Outbox
import ServiceLifecycle

/// Enqueues the ingestion job of runs still pending a minute after they last moved (the webhook's enqueue was
/// lost to a Redis outage, or a job gave up): the job id makes a run that is being ingested one job, and
/// ingestion resumes at its next page.
struct ScrapingRelay: Service {
    let runs: LobstrRunStore
    let queue: JobQueue
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await repeatUntilShutdown(every: interval) {
            do {
                let stale = try await runs.pending(olderThan: .seconds(60), limit: 100)
                guard !stale.isEmpty else { return }
                _ = try await queue.enqueue(
                    stale.map { ScrapingJob(accountId: $0.accountID, runId: $0.runID).request })
                logger.info("Lobstr runs enqueued again", metadata: ["lobstr.runs": "\(stale.count)"])
            } catch {
                logger.warning("cannot relay pending Lobstr runs", metadata: ["error": "\(error)"])
            }
        }
    }
}
