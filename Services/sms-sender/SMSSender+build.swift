import Domain
import JobRuntime
import Logging
import MessageStore
import OutboundHTTP
import Outbox
import SendPipeline
import ServiceLifecycle
import ServiceRuntime

/// The name in logs, health bodies and Postgres' `application_name`.
package let smsSenderServiceName = "sms-sender"

/// Everything `sms-sender` runs: its stores (first, so that they close last), the health server with the
/// `redis` and `postgres` readiness checks, and the `sms` queue's worker. Opening the stores waits for
/// Redis and Postgres and migrates the schema.
package func buildServices(configuration: SMSSenderConfiguration, logger: Logger) async throws -> [any Service] {
    let stores = try await ServiceStores.open(
        configuration: configuration.stores, service: smsSenderServiceName, logger: logger)
    return [
        stores,
        HealthServer(
            configuration: configuration.health, service: smsSenderServiceName, checks: stores.readinessChecks,
            logger: logger),
        buildWorker(configuration: configuration, stores: stores, logger: logger),
    ]
}

/// The `sms` queue consumer: ``SMSSendHandler`` over the stored credentials, publishing status changes on
/// the `events` queue, mirroring dead letters into Postgres and failing the message of a dead job
/// (``MessageDeadLetterRecorder``).
package func buildWorker(configuration: SMSSenderConfiguration, stores: ServiceStores, logger: Logger) -> JobWorker {
    let client = OutboundHTTPClient(
        configuration: OutboundHTTPConfiguration(threadCount: max(4, configuration.concurrency)), logger: logger)
    let resolver = StoredCredentialResolver(
        credentials: ChannelCredentialStore(pool: stores.postgres, keyring: configuration.sealingKeyring),
        client: client, endpoints: configuration.endpoints, sandboxAllowed: configuration.providerMode == .sandbox,
        publicURL: configuration.publicURL?.absoluteString)
    let lease = SendStateMachine.Settings(providerTimeout: configuration.endpoints.timeout ?? .seconds(15))
    let messages = MessageRepository(pool: stores.postgres, logger: logger)
    let events = MessageEventPublisher(queue: stores.queue(named: QueueName.events.rawValue), logger: logger)
    let handler = SMSSendHandler(
        messages: messages, resolver: resolver,
        rateLimiter: RateLimiter(redis: stores.redis, prefix: stores.redisPrefix), rateLimit: configuration.rateLimit,
        events: events, lease: lease, logger: logger)
    return JobWorker(
        queue: stores.queue(named: QueueName.sms.rawValue),
        options: JobWorkerOptions(
            concurrency: configuration.concurrency, visibilityTimeout: configuration.visibilityTimeout,
            reclaimInterval: min(.seconds(5), configuration.visibilityTimeout / 2),
            shutdownDeadline: configuration.runtime.shutdownGrace / 2,
            jobTimeout: lease.leaseDuration + .seconds(30)),
        logger: logger,
        deadLetterRecorder: MessageDeadLetterRecorder(
            recording: stores.deadLetterRecorder, messages: messages, events: events, logger: logger),
        handler: handler.jobHandler)
}
