import Domain
import JobRuntime
import Logging
import MessageStore
import OutboundHTTP
import Outbox
import ServiceLifecycle
import ServiceRuntime
import VoicePartnerAPI

/// The name in logs, health bodies and Postgres' `application_name`.
package let voiceSenderServiceName = "voice-sender"

/// Everything `voice-sender` runs: its stores (first, so that they close last), the health server with the
/// `redis` and `postgres` readiness checks, the `voice` queue's worker (voice messages join their campaigns)
/// and the ``VoiceCampaignSender``. Opening the stores waits for Redis and Postgres and migrates the schema.
package func buildServices(configuration: VoiceSenderConfiguration, logger: Logger) async throws -> [any Service] {
    let stores = try await ServiceStores.open(
        configuration: configuration.stores, service: voiceSenderServiceName, logger: logger)
    return [
        stores,
        HealthServer(
            configuration: configuration.health, service: voiceSenderServiceName, checks: stores.readinessChecks,
            logger: logger),
        buildJoinWorker(configuration: configuration, stores: stores, logger: logger),
        buildCampaignSender(configuration: configuration, stores: stores, logger: logger),
    ]
}

/// The `voice` queue consumer: ``VoiceJoinHandler``, failing the message of a dead job.
package func buildJoinWorker(configuration: VoiceSenderConfiguration, stores: ServiceStores, logger: Logger)
    -> JobWorker
{
    let messages = MessageRepository(pool: stores.postgres, logger: logger)
    let events = MessageEventPublisher(queue: stores.queue(named: QueueName.events.rawValue), logger: logger)
    let handler = VoiceJoinHandler(
        campaigns: VoiceCampaignStore(pool: stores.postgres), messages: messages, events: events,
        retryWhenNumberIsTaken: configuration.policy.quiet + .seconds(1), logger: logger)
    return JobWorker(
        queue: stores.queue(named: QueueName.voice.rawValue),
        options: JobWorkerOptions(
            concurrency: configuration.concurrency, visibilityTimeout: configuration.visibilityTimeout,
            reclaimInterval: min(.seconds(5), configuration.visibilityTimeout / 2),
            shutdownDeadline: configuration.runtime.shutdownGrace / 2, jobTimeout: .seconds(30)),
        logger: logger,
        deadLetterRecorder: MessageDeadLetterRecorder(
            recording: stores.deadLetterRecorder, messages: messages, events: events, logger: logger),
        handler: handler.jobHandler)
}

/// Sends the due campaigns through Voice Partner.
package func buildCampaignSender(configuration: VoiceSenderConfiguration, stores: ServiceStores, logger: Logger)
    -> VoiceCampaignSender
{
    let http = OutboundHTTPClient(
        configuration: OutboundHTTPConfiguration(threadCount: max(2, configuration.policy.concurrency)),
        logger: logger)
    var publicURL = configuration.publicURL?.absoluteString
    while publicURL?.hasSuffix("/") == true { publicURL?.removeLast() }
    return VoiceCampaignSender(
        attempt: VoiceCampaignAttempt(
            campaigns: VoiceCampaignStore(pool: stores.postgres),
            credentials: ChannelCredentialStore(pool: stores.postgres, keyring: configuration.sealingKeyring),
            client: VoicePartnerClient(
                baseURL: configuration.voicePartnerURL, timeout: configuration.providerTimeout, http: http),
            rateLimiter: RateLimiter(redis: stores.redis, prefix: stores.redisPrefix), policy: configuration.policy,
            callbackBase: publicURL.map { $0 + "/webhooks/voicepartner" },
            events: MessageEventPublisher(queue: stores.queue(named: QueueName.events.rawValue), logger: logger),
            logger: logger))
}
