import Domain
import Foundation
import HuntStore
import JobRuntime
import LobstrAPI
import Logging
import MessageStore
import OutboundHTTP
import Outbox
import ServiceLifecycle
import ServiceRuntime

/// The name in logs, health bodies and Postgres' `application_name`.
package let huntOrchestratorServiceName = "hunt-orchestrator"

/// Everything `hunt-orchestrator` runs: its stores (first, so that they close last), the health server with
/// the `redis` and `postgres` readiness checks, the `scraping` queue's worker (Lobstr runs into ads) and its
/// relay, the `hunt` queue's worker (hunt runs), the hunt scheduler (leader only) and the relay of
/// `hunt.run.completed` events. Opening the stores waits for Redis and Postgres and migrates the schema.
package func buildServices(configuration: HuntOrchestratorConfiguration, logger: Logger) async throws -> [any Service] {
    let stores = try await ServiceStores.open(
        configuration: configuration.stores, service: huntOrchestratorServiceName, logger: logger)
    let runs = LobstrRunStore(pool: stores.postgres)
    return [
        stores,
        HealthServer(
            configuration: configuration.health, service: huntOrchestratorServiceName,
            checks: stores.readinessChecks, logger: logger),
        buildScrapingWorker(configuration: configuration, stores: stores, logger: logger),
        buildHuntWorker(configuration: configuration, stores: stores, logger: logger),
        HuntScheduler(
            lease: LeaderLease(
                redis: stores.redis, key: "\(stores.redisPrefix)hunt:scheduler:leader",
                ttl: configuration.leaderLeaseTTL),
            hunts: HuntRepository(pool: stores.postgres), queue: stores.queue(named: QueueName.hunt.rawValue),
            interval: configuration.scheduleInterval, now: huntClock(configuration), logger: logger),
        HuntRunEventRelay(
            runs: HuntRunStore(pool: stores.postgres), queue: stores.queue(named: QueueName.events.rawValue),
            interval: .seconds(5), logger: logger),
        ScrapingRelay(
            runs: runs, queue: stores.queue(named: QueueName.scraping.rawValue), interval: .seconds(30),
            logger: logger),
    ]
}

/// The `hunt` queue consumer: ``HuntRunHandler``.
package func buildHuntWorker(configuration: HuntOrchestratorConfiguration, stores: ServiceStores, logger: Logger)
    -> JobWorker
{
    let runner = HuntRunner(
        pool: stores.postgres, hunts: HuntRepository(pool: stores.postgres), matcher: AdMatcher(pool: stores.postgres),
        templates: TemplateStore(pool: stores.postgres), leads: LeadStore(pool: stores.postgres),
        limits: OutreachLimitStore(pool: stores.postgres), counts: OutreachCounts(pool: stores.postgres),
        runs: HuntRunStore(pool: stores.postgres), events: stores.queue(named: QueueName.events.rawValue),
        routes: ChannelRoutes(pool: stores.postgres, smsSandbox: configuration.smsSandbox), maxPerRun: 1_000,
        now: huntClock(configuration), logger: logger)
    return JobWorker(
        queue: stores.queue(named: QueueName.hunt.rawValue),
        options: JobWorkerOptions(
            concurrency: 2, visibilityTimeout: configuration.visibilityTimeout,
            reclaimInterval: min(.seconds(5), configuration.visibilityTimeout / 2),
            shutdownDeadline: configuration.runtime.shutdownGrace / 2, jobTimeout: .seconds(1800)),
        logger: logger, deadLetterRecorder: stores.deadLetterRecorder,
        handler: HuntRunHandler(runner: runner).jobHandler)
}

/// The `scraping` queue consumer: ``ScrapingHandler``.
package func buildScrapingWorker(
    configuration: HuntOrchestratorConfiguration, stores: ServiceStores, logger: Logger
) -> JobWorker {
    let handler = ScrapingHandler(
        runs: LobstrRunStore(pool: stores.postgres),
        accounts: LobstrAccountStore(pool: stores.postgres, keyring: configuration.sealingKeyring),
        client: LobstrClient(
            baseURL: configuration.lobstrURL, timeout: configuration.providerTimeout,
            http: OutboundHTTPClient(
                configuration: OutboundHTTPConfiguration(threadCount: max(2, configuration.scrapingConcurrency)),
                logger: logger)),
        rateLimiter: RateLimiter(redis: stores.redis, prefix: stores.redisPrefix),
        requestsPerSecond: configuration.lobstrRequestsPerSecond, logger: logger)
    return JobWorker(
        queue: stores.queue(named: QueueName.scraping.rawValue),
        options: JobWorkerOptions(
            concurrency: configuration.scrapingConcurrency, visibilityTimeout: configuration.visibilityTimeout,
            reclaimInterval: min(.seconds(5), configuration.visibilityTimeout / 2),
            shutdownDeadline: configuration.runtime.shutdownGrace / 2, jobTimeout: .seconds(1800)),
        logger: logger, deadLetterRecorder: stores.deadLetterRecorder, handler: handler.jobHandler)
}

/// The hunts' clock: the wall clock, ahead by `AP_HUNT_CLOCK_OFFSET_SECONDS` in tests that move through days.
func huntClock(_ configuration: HuntOrchestratorConfiguration) -> @Sendable () -> Date {
    let offset = configuration.clockOffset
    return { Date().addingTimeInterval(offset) }
}
