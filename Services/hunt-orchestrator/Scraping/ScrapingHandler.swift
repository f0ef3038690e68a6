import Foundation
import HuntStore
import JobRuntime
import LobstrAPI
import Logging
import Outbox

/// Handles `lobstr.run` jobs: pages through the run's results (`GET /v1/results`, 100 a page) from the page
/// the run stopped at, stores each page's ads and moves the run on in one transaction
/// (``LobstrRunStore/storePage(accountID:runID:page:)``), and completes the run after its last page (the hunts
/// its squid feeds get `last_scan_at`). A crash resumes at the first page not stored; a page is never lost or
/// stored twice. Lobstr's 2 requests a second are a Redis token bucket per account, shared by every replica;
/// a 429 waits its `Retry-After`, a 5xx or a timeout retries the job with backoff, a 4xx fails the run.
package struct ScrapingHandler: Sendable {
    let runs: LobstrRunStore
    let accounts: LobstrAccountStore
    let client: LobstrClient
    let rateLimiter: RateLimiter
    let requestsPerSecond: Int
    let logger: Logger

    package init(
        runs: LobstrRunStore, accounts: LobstrAccountStore, client: LobstrClient, rateLimiter: RateLimiter,
        requestsPerSecond: Int, logger: Logger
    ) {
        self.runs = runs
        self.accounts = accounts
        self.client = client
        self.rateLimiter = rateLimiter
        self.requestsPerSecond = requestsPerSecond
        self.logger = logger
    }

    /// A wait shorter than this is waited inside the job; a longer one gives the job back for later.
    static let longestInlineWait: Duration = .seconds(10)

    package var jobHandler: JobHandler {
        { job in
            guard job.name == ScrapingJob.name, let payload = ScrapingJob.decode(job.payload) else {
                throw JobFailure.permanent("the scraping queue expects lobstr.run {accountId, runId}")
            }
            try await ingest(accountID: payload.accountId, runID: payload.runId)
        }
    }

    package func ingest(accountID: UUID, runID: String) async throws {
        guard var run = try await runs.find(accountID: accountID, runID: runID), run.status == .pending else { return }
        let metadata: Logger.Metadata = ["account.id": "\(accountID)", "lobstr.run": "\(runID)"]
        guard let apiKey = try await accounts.apiKey(accountID: accountID) else {
            try await runs.fail(accountID: accountID, runID: runID, reason: "the account has no Lobstr key")
            logger.warning("Lobstr run failed: no key", metadata: metadata)
            return
        }
        while run.status == .pending, run.nextPage <= max(1, run.totalPages ?? run.nextPage) {
            try Task.checkCancellation()
            if let wait = try await rateLimiter.take(
                "lobstr:results:\(accountID.uuidString.lowercased())", burst: requestsPerSecond,
                perSecond: Double(requestsPerSecond))
            {
                try await pause(wait)
                continue
            }
            switch await client.results(run: runID, page: run.nextPage, apiKey: apiKey) {
            case .page(let page):
                var read = page
                read.page = run.nextPage
                run = try await runs.storePage(accountID: accountID, runID: runID, page: read)
                logger.debug(
                    "Lobstr page stored",
                    metadata: metadata.merging(["lobstr.page": "\(page.page)", "lobstr.ads": "\(page.ads.count)"]) {
                        $1
                    })
            case .rateLimited(let retryAfter):
                try await pause(retryAfter)
            case .transient(let reason):
                throw JobFailure.transient("Lobstr results page \(run.nextPage): \(reason)")
            case .refused(let reason):
                try await runs.fail(accountID: accountID, runID: runID, reason: reason)
                logger.warning("Lobstr run failed", metadata: metadata.merging(["error": "\(reason)"]) { $1 })
                return
            }
        }
        let hunts = try await runs.complete(accountID: accountID, runID: runID)
        logger.info(
            "Lobstr run ingested",
            metadata: metadata.merging(["lobstr.ads": "\(run.ingested)", "hunts.scanned": "\(hunts)"]) { $1 })
    }

    /// Waits `duration` here when short; otherwise gives the job back without using an attempt.
    private func pause(_ duration: Duration) async throws {
        guard duration <= Self.longestInlineWait else { throw JobFailure.rateLimited(retryAfter: duration) }
        try await Task.sleep(for: duration)
    }
}
