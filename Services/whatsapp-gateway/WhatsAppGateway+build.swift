import Domain
import Foundation
import JobRuntime
import Logging
import MessageStore
import OutboundHTTP
import Outbox
import SendPipeline
import ServiceLifecycle
import ServiceRuntime

/// Everything the worker runs: its stores (first, so that they close last), the health server with the
/// `redis` and `postgres` readiness checks, the consumer of its own command queue (`wa:<workerId>`) driving
/// the ``SessionSupervisor``, the ``SessionWatchdog``, its membership in the gateway's worker registry
/// (register, heartbeat with the session count, deregister on graceful stop) and the ``SessionFencing`` that
/// closes every session when heartbeats stop being accepted. Opening the stores waits for Redis and Postgres
/// and migrates the schema; sessions already routed here are reopened once the gateway accepted the
/// registration.
package func buildServices(configuration: WhatsAppGatewayConfiguration, logger: Logger) async throws -> [any Service] {
    var logger = logger
    logger[metadataKey: "worker.id"] = "\(configuration.workerID)"
    let stores = try await ServiceStores.open(
        configuration: configuration.stores, service: "whatsapp-gateway", logger: logger)
    // One libcurl client for the provider engines and the registry.
    let http = OutboundHTTPClient(configuration: OutboundHTTPConfiguration(threadCount: 2), logger: logger)
    let settings = configuration.engines
    let supervisor = SessionSupervisor(
        store: SessionStore(
            pool: stores.postgres, keyring: configuration.sealingKeyring, workerID: configuration.workerID),
        redis: stores.redis, keys: SessionKeys(prefix: stores.redisPrefix),
        events: stores.queue(named: QueueName.events.rawValue),
        inbound: stores.queue(named: QueueName.inbound.rawValue),
        engines: WhatsAppEngines(
            sandbox: SandboxEngine(
                timing: .init(
                    firstRef: configuration.qrFirst, nextRefs: configuration.qrNext, refCount: configuration.qrRefs,
                    keepAlive: configuration.sandboxKeepAlive)),
            cloud: CloudEngine(
                configuration: .init(
                    baseURL: settings.cloudAPIURL, timeout: settings.timeout, lookupGrace: settings.cloudLookupGrace,
                    rateLimitPause: settings.rateLimitPause, keepAlive: configuration.watchdog / 3),
                client: http),
            twilio: TwilioWhatsAppEngine(
                configuration: .init(
                    baseURL: settings.twilioBaseURL, publicURL: settings.publicURL, timeout: settings.timeout,
                    rateLimitPause: settings.rateLimitPause, keepAlive: configuration.watchdog / 3),
                client: http,
                credentials: {
                    [credentials = ChannelCredentialStore(pool: stores.postgres, keyring: configuration.sealingKeyring)]
                    accountID in
                    let stored = try await credentials.open(accountID: accountID, channel: .sms, provider: "twilio")
                    return try JSONDecoder().decode(TwilioWhatsAppEngine.Account.self, from: Data(stored.secret))
                })),
        messages: MessageRepository(pool: stores.postgres, logger: logger),
        reconnectBackoff: configuration.reconnectBackoff, watchdog: configuration.watchdog, logger: logger)
    let lease = SendStateMachine.Settings(providerTimeout: settings.timeout)
    let messages = MessageRepository(pool: stores.postgres, logger: logger)
    let events = MessageEventPublisher(queue: stores.queue(named: QueueName.events.rawValue), logger: logger)
    let sends = WhatsAppSendHandler(
        pipeline: SendPipeline(
            channel: WhatsAppSendChannel(
                supervisor: supervisor,
                store: SessionStore(
                    pool: stores.postgres, keyring: configuration.sealingKeyring, workerID: configuration.workerID),
                pacing: SendPacing(redis: stores.redis, prefix: stores.redisPrefix), defaultRules: configuration.pacing),
            messages: messages, events: events, settings: lease, logger: logger))
    let commands = JobWorker(
        queue: stores.queue(named: QueueName.whatsAppWorker(configuration.workerID).rawValue),
        options: JobWorkerOptions(
            concurrency: 4, shutdownDeadline: configuration.runtime.shutdownGrace / 2,
            jobTimeout: lease.leaseDuration + .seconds(30)),
        logger: logger,
        // A dead `wa.send` job fails its message (credits released); commands are only mirrored.
        deadLetterRecorder: MessageDeadLetterRecorder(
            recording: stores.deadLetterRecorder, messages: messages, events: events, logger: logger)
    ) { job in
        if job.name == WhatsAppSendJob.name { return try await sends.handle(job) }
        guard let command = SessionCommand.decode(name: job.name, payload: job.payload) else {
            throw JobFailure.permanent("the worker queue has no handler for \(job.name)")
        }
        try await supervisor.handle(command)
    }
    var gatewayURL = configuration.gatewayURL.absoluteString
    while gatewayURL.hasSuffix("/") { gatewayURL.removeLast() }
    let registry = RegistryClient(
        client: http,
        gatewayURL: gatewayURL, token: configuration.workerToken.revealed, workerID: configuration.workerID,
        instanceID: UUID())
    let host = ProcessInfo.processInfo.hostName
    return [
        stores,
        HealthServer(
            configuration: configuration.health, service: "whatsapp-gateway", checks: stores.readinessChecks,
            logger: logger),
        commands,
        SessionWatchdog(supervisor: supervisor, timeout: configuration.watchdog),
        SessionFencing(supervisor: supervisor),
        RegistryMembership(
            registry: registry,
            endpoint: configuration.endpoint ?? "http://\(host):\(configuration.health.port)",
            maxSessions: configuration.maxSessions, sessionCount: { supervisor.sessionCount },
            onAccepted: { accepted in
                await supervisor.membershipConfirmed(
                    sentAt: accepted.sentAt, interval: accepted.interval, lapse: accepted.lapse)
            }, logger: logger),
    ]
}
