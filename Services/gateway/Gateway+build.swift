import Domain
import Hummingbird
import HuntStore
import JobRuntime
import Logging
import MessageStore
import OutboundHTTP
import Outbox
import ServiceLifecycle
import ServiceRuntime
import VoicePartnerAPI

/// The name in logs, health bodies and Postgres' `application_name`.
package let gatewayServiceName = "gateway"

/// Everything the gateway executable runs: its stores (first, so that they close last) and the HTTP
/// application with the SMS and WhatsApp outbox relays, the session failover, the events consumer, the
/// message expiry sweeper and the event outbox relay beside it. Opening the stores waits for Redis and Postgres and
/// migrates the schema.
package func buildServices(configuration: GatewayConfiguration, logger: Logger) async throws -> [any Service] {
    let stores = try await ServiceStores.open(
        configuration: configuration.stores, service: gatewayServiceName, logger: logger)
    let relay = buildOutboxRelay(configuration: configuration, stores: stores, logger: logger)
    let failover = SessionFailover(
        placement: sessionPlacement(configuration: configuration, stores: stores),
        interval: configuration.workerHeartbeatInterval, logger: logger)
    let sessionEvents = buildSessionEventFanOut(configuration: configuration, stores: stores, logger: logger)
    // The fan-out comes last so that it is asked to stop first: its event streams end at once, and the HTTP
    // server, which waits for open responses, can stop right after.
    return [
        stores,
        buildApplication(
            configuration: configuration, stores: stores, sessionEvents: sessionEvents,
            services: [
                relay, buildWhatsAppRelay(stores: stores, logger: logger),
                buildVoiceRelay(stores: stores, logger: logger),
                failover,
                buildEventsConsumer(stores: stores, logger: logger),
                buildWebhookDeliverer(configuration: configuration, stores: stores, logger: logger),
                StateMetricsSampler(stores: stores, interval: configuration.metricsSampleInterval, logger: logger),
                LeadStageEventRelay(
                    pool: stores.postgres, queue: stores.queue(named: QueueName.events.rawValue), interval: .seconds(1),
                    logger: logger),
                buildExpirySweeper(configuration: configuration, stores: stores, logger: logger),
                buildEventOutboxRelay(stores: stores, logger: logger),
                buildInboundConsumer(configuration: configuration, stores: stores, logger: logger),
                buildInboundEventRelay(stores: stores, logger: logger),
            ], logger: logger),
        sessionEvents,
    ]
}

/// The gateway's one reader of the `events` stream, fanned out to the session event streams (topic: the
/// session id), at most `AP_SSE_MAX_STREAMS_PER_ACCOUNT` per account.
package func buildSessionEventFanOut(configuration: GatewayConfiguration, stores: ServiceStores, logger: Logger)
    -> StreamFanOut
{
    StreamFanOut(
        redis: stores.redis, streamKey: stores.queue(named: QueueName.events.rawValue).keys.stream,
        maxStreamsPerAccount: configuration.maxEventStreamsPerAccount, logger: logger,
        topic: SessionEventStream.topic(of:))
}

/// Enqueues `pending` SMS whose request could not (Redis down, crash) or should not yet (scheduled) be
/// enqueued when accepted.
package func buildOutboxRelay(configuration: GatewayConfiguration, stores: ServiceStores, logger: Logger)
    -> OutboxRelay
{
    OutboxRelay(
        messages: MessageRepository(pool: stores.postgres, logger: logger),
        queue: smsQueue(configuration: configuration, stores: stores),
        events: MessageEventPublisher(queue: stores.queue(named: QueueName.events.rawValue), logger: logger),
        logger: logger)
}

/// Publishes status history rows whose event was lost (the event outbox).
package func buildEventOutboxRelay(stores: ServiceStores, logger: Logger) -> EventOutboxRelay {
    EventOutboxRelay(
        messages: MessageRepository(pool: stores.postgres, logger: logger),
        queue: stores.queue(named: QueueName.events.rawValue), logger: logger)
}

/// The `inbound` queue's consumer: replies into conversations (``InboundHandler``).
package func buildInboundConsumer(configuration: GatewayConfiguration, stores: ServiceStores, logger: Logger)
    -> JobWorker
{
    let handler = InboundHandler(
        store: InboundStore(pool: stores.postgres), events: stores.queue(named: QueueName.events.rawValue),
        statusEvents: MessageEventPublisher(queue: stores.queue(named: QueueName.events.rawValue), logger: logger),
        defaultRegion: configuration.messaging.defaultRegion, logger: logger)
    return JobWorker(
        queue: stores.queue(named: QueueName.inbound.rawValue), options: JobWorkerOptions(concurrency: 4),
        logger: logger, deadLetterRecorder: stores.deadLetterRecorder, handler: handler.jobHandler)
}

/// Publishes `message.inbound` events the consumer could not.
package func buildInboundEventRelay(stores: ServiceStores, logger: Logger) -> InboundEventRelay {
    InboundEventRelay(
        store: InboundStore(pool: stores.postgres), queue: stores.queue(named: QueueName.events.rawValue),
        logger: logger)
}

/// Fails unsent messages older than `AP_MESSAGE_EXPIRY_SECONDS`, every `AP_MESSAGE_EXPIRY_SWEEP_SECONDS`.
package func buildExpirySweeper(configuration: GatewayConfiguration, stores: ServiceStores, logger: Logger)
    -> MessageExpirySweeper
{
    MessageExpirySweeper(
        messages: MessageRepository(pool: stores.postgres, logger: logger),
        events: MessageEventPublisher(queue: stores.queue(named: QueueName.events.rawValue), logger: logger),
        expiry: configuration.messageExpiry, interval: configuration.expirySweepInterval, logger: logger)
}

/// The `events` queue's consumer. Live readers (Server-Sent Events) follow the stream itself; this worker
/// turns each event into the deliveries of the account's webhook endpoints (``WebhookFanOut``) before
/// acknowledging it, so that settled entries are trimmed and the stream stays bounded. One at a time: the
/// deliveries keep the stream's order.
package func buildEventsConsumer(stores: ServiceStores, logger: Logger) -> JobWorker {
    let fanOut = WebhookFanOut(deliveries: WebhookDeliveryStore(pool: stores.postgres))
    return JobWorker(
        queue: stores.queue(named: QueueName.events.rawValue),
        options: JobWorkerOptions(concurrency: 1), logger: logger
    ) { job in try await fanOut.handle(job) }
}

/// Sends the webhook deliveries (``WebhookDeliverer``).
package func buildWebhookDeliverer(configuration: GatewayConfiguration, stores: ServiceStores, logger: Logger)
    -> some Service
{
    WebhookDeliverer(
        deliveries: WebhookDeliveryStore(pool: stores.postgres),
        endpoints: WebhookEndpointStore(pool: stores.postgres, keyring: configuration.sealingKeyring),
        client: OutboundHTTPClient(logger: logger), settings: configuration.webhooks,
        events: stores.queue(named: QueueName.events.rawValue), logger: logger)
}

/// Resolves webhook hosts at save time; one for the process (its threads live as long).
let webhookHostResolver = HostResolver()

/// Where sessions are placed and moved.
func sessionPlacement(configuration: GatewayConfiguration, stores: ServiceStores) -> SessionPlacement {
    SessionPlacement(
        stores: stores,
        liveness: WorkerLiveness(
            redis: stores.redis, prefix: stores.redisPrefix, ttl: configuration.workerHeartbeatInterval * 3))
}

/// The `sms` queue with the configured attempts per job.
func smsQueue(configuration: GatewayConfiguration, stores: ServiceStores) -> JobQueue {
    stores.queue(named: QueueName.sms.rawValue, defaultMaxAttempts: configuration.messaging.maxSMSAttempts)
}

/// The HTTP application on `AP_HTTP_HOST:AP_HTTP_PORT`. `readinessChecks` default to the stores' (`redis`,
/// `postgres`); `services` run alongside the server and stop after it. `sessionEvents` is the `events` fan-out
/// the caller runs; without one the application makes and runs its own. Clients that send slowly or stall are
/// cut off after `AP_HTTP_IDLE_TIMEOUT_SECONDS` (``HTTPServerBuilder/http1(timeout:)``). Once listening it logs
/// `HTTP server listening` with `http.host` and `http.port`.
package func buildApplication(
    configuration: GatewayConfiguration, stores: ServiceStores, readinessChecks: [ReadinessCheck]? = nil,
    sessionEvents: StreamFanOut? = nil, services: [any Service] = [], logger: Logger
) -> some ApplicationProtocol {
    let host = configuration.httpHost
    let fanOut = sessionEvents ?? buildSessionEventFanOut(configuration: configuration, stores: stores, logger: logger)
    return Application(
        router: buildRouter(
            configuration: configuration, stores: stores, readinessChecks: readinessChecks, sessionEvents: fanOut,
            logger: logger),
        server: .http1(timeout: configuration.httpIdleTimeout),
        configuration: .init(address: .hostname(host, port: configuration.httpPort), serverName: nil),
        services: sessionEvents == nil ? services + [fanOut] : services,
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? 0
            logger.info(
                "HTTP server listening", metadata: ["http.host": "\(host)", "http.port": .stringConvertible(port)])
        },
        logger: logger
    )
}

/// The gateway's routes behind its error middleware: every error, 404s included, leaves as problem+json.
///
/// - `GET /health`, `GET /ready`, `GET /metrics` (public; metrics labels carry route patterns, methods, status
///   codes, queues and outcomes only);
/// - `/api/admin/...` behind the admin secret: queue stats, job status, dead letters, accounts, API keys,
///   credits and the invariant check (see the controllers);
/// - `/api/...` behind an account's API key: SMS provider credentials, credits, sending and reading
///   messages, its jobs, queue stats and dead letters;
/// - `/webhooks/...` (signed by the providers): Twilio status callbacks and SMSMobileAPI events.
package func buildRouter(
    configuration: GatewayConfiguration, stores: ServiceStores, readinessChecks: [ReadinessCheck]? = nil,
    sessionEvents: StreamFanOut? = nil, logger: Logger = Logger(label: gatewayServiceName)
) -> Router<GatewayRequestContext> {
    let router = Router(context: GatewayRequestContext.self)
    // Middleware applies only to routes added after it, so it goes first. Metrics outermost: it counts the
    // answer the client gets (a problem+json status included) by route pattern, never by path.
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ProblemDetailsMiddleware())
    HealthRoutes(service: gatewayServiceName, checks: readinessChecks ?? stores.readinessChecks).register(on: router)
    OpenAPIRoutes.register(on: router)

    let workerRegistry = WorkerController(
        registry: WorkerRegistry(
            pool: stores.postgres,
            liveness: WorkerLiveness(
                redis: stores.redis, prefix: stores.redisPrefix, ttl: configuration.workerHeartbeatInterval * 3)),
        heartbeatInterval: configuration.workerHeartbeatInterval,
        onDeregistered: { worker, logger in
            let failover = SessionFailover(
                placement: sessionPlacement(configuration: configuration, stores: stores),
                interval: configuration.workerHeartbeatInterval, logger: logger)
            do {
                try await failover.rehome(from: worker)
            } catch {
                // The periodic pass retries.
                logger.warning("sessions not handed over at deregistration", metadata: ["error": "\(error)"])
            }
        })
    // Registered before the admin group: these paths take the worker token, not the admin secret.
    workerRegistry.registerWorkerRoutes(
        on: router.group("api/admin/workers")
            .add(middleware: AdminAuthMiddleware(secret: configuration.workerToken, name: "worker token")))

    let admin = router.group("api/admin").add(middleware: AdminAuthMiddleware(secret: configuration.adminSecret))
    workerRegistry.registerAdminRoutes(on: admin.group("workers"))
    let queues = admin.group("queues")
    QueueAdminController(stores: stores).register(on: queues)
    DeadLetterAdminController(stores: stores).register(on: queues)
    InvariantAdminController(check: buildInvariantCheck(configuration: configuration, stores: stores))
        .register(on: admin)

    let accounts = AccountRepository(pool: stores.postgres)
    let keys = APIKeyRepository(pool: stores.postgres)
    let ledger = CreditLedger(pool: stores.postgres)
    AccountAdminController(accounts: accounts, keys: keys, ledger: ledger).register(on: admin.group("accounts"))

    // Routes registered on `account` get the authenticated account id in their context.
    let account = router.group("api").add(middleware: AccountAuthMiddleware(keys: keys))
        .group(context: AccountRequestContext.self)
    let credentials = ChannelCredentialStore(pool: stores.postgres, keyring: configuration.sealingKeyring)
    SMSCredentialController(store: credentials, pool: stores.postgres).register(on: account)
    WhatsAppCredentialController(store: credentials, pool: stores.postgres).register(on: account)
    CreditController(ledger: ledger).register(on: account)

    let messages = MessageRepository(pool: stores.postgres, logger: logger)
    // Request paths publish and enqueue over the request pool: short deadlines, the outboxes catch up.
    let events = MessageEventPublisher(queue: stores.requestQueue(named: QueueName.events.rawValue), logger: logger)
    let sms = smsQueue(configuration: configuration, stores: stores)
    let acceptedSMS = stores.requestQueue(
        named: QueueName.sms.rawValue, defaultMaxAttempts: configuration.messaging.maxSMSAttempts)
    let smsSends = MessageController(
        dispatcher: MessageDispatcher(messages: messages, queue: acceptedSMS, events: events), messages: messages,
        pool: stores.postgres, rules: configuration.messaging)
    smsSends.register(on: account)
    BlockedContactController(store: BlockedContactStore(pool: stores.postgres), rules: configuration.messaging)
        .register(on: account)
    let accountQueues = AccountQueueController(stores: stores) { name in
        name == .sms ? sms : stores.queue(named: name.rawValue)
    }
    accountQueues.register(on: account)

    let eventFanOut =
        sessionEvents ?? buildSessionEventFanOut(configuration: configuration, stores: stores, logger: logger)

    let sessions = SessionController(
        placement: sessionPlacement(configuration: configuration, stores: stores),
        seal: SessionAuthSeal(keyring: configuration.sealingKeyring), credentials: credentials, events: events,
        sessionEvents: eventFanOut)
    sessions.register(on: account)
    DashboardController(
        sessions: DashboardSessions(redis: stores.redis, prefix: stores.redisPrefix), keys: keys,
        adminSecret: configuration.adminSecret.revealed, stores: stores,
        accountQueueStats: { name, account in try await accountQueues.stats(name, account: account) },
        workers: WorkerRegistry(
            pool: stores.postgres,
            liveness: WorkerLiveness(
                redis: stores.redis, prefix: stores.redisPrefix, ttl: configuration.workerHeartbeatInterval * 3)),
        sessionEvents: eventFanOut,
        qrKey: { [sessionKeys = sessionPlacement(configuration: configuration, stores: stores).keys] in
            sessionKeys.qr($0)
        },
        secureCookies: configuration.publicURL.hasPrefix("https://"), region: configuration.messaging.defaultRegion,
        sessionActions: sessions, pairingKey: PairingLink.key(adminSecret: configuration.adminSecret.revealed)
    ).register(on: router)
    VoiceController(
        dispatcher: MessageDispatcher(
            messages: messages, queue: stores.requestQueue(named: QueueName.voice.rawValue), events: events,
            job: VoiceSendJob.request(for:)),
        credentials: credentials,
        voicePartner: VoicePartnerClient(
            baseURL: configuration.voicePartnerURL, http: OutboundHTTPClient(logger: logger)),
        rules: configuration.messaging
    ).register(on: account)
    TemplateController(templates: TemplateStore(pool: stores.postgres), ads: AdPlaceholders(pool: stores.postgres))
        .register(on: account)
    HuntController(
        hunts: HuntRepository(pool: stores.postgres), templates: TemplateStore(pool: stores.postgres),
        runs: stores.requestQueue(named: QueueName.hunt.rawValue), stats: HuntStatsStore(pool: stores.postgres),
        runReports: HuntRunStore(pool: stores.postgres)
    ).register(on: account)
    OutreachLimitsController(limits: OutreachLimitStore(pool: stores.postgres)).register(on: account)
    WebhookController(
        endpoints: WebhookEndpointStore(pool: stores.postgres, keyring: configuration.sealingKeyring),
        deliveries: WebhookDeliveryStore(pool: stores.postgres),
        check: WebhookURLCheck(settings: configuration.webhooks, resolver: webhookHostResolver),
        settings: configuration.webhooks
    ).register(on: account)
    LeadController(leads: LeadStore(pool: stores.postgres), hunts: HuntRepository(pool: stores.postgres))
        .register(on: account)
    LobstrController(
        accounts: LobstrAccountStore(pool: stores.postgres, keyring: configuration.sealingKeyring),
        publicURL: configuration.publicURL
    ).register(on: account)
    let whatsAppSends = WhatsAppSendController(
        stores: stores, messages: messages, events: events, rules: configuration.messaging)
    whatsAppSends.register(on: account)
    ConversationController(
        store: ConversationStore(pool: stores.postgres), sms: smsSends, whatsApp: whatsAppSends,
        rules: configuration.messaging
    ).register(on: account)
    sessions.registerAdmin(on: admin.group("sessions"))

    let webhooks = router.group("webhooks")
    TwilioWebhookController(
        credentials: credentials, messages: messages, events: events, publicURL: configuration.publicURL,
        incoming: TwilioIncomingMessages(
            inbound: stores.queue(named: QueueName.inbound.rawValue), pool: stores.postgres)
    ).register(on: webhooks)
    SMSMobileAPIWebhookController(
        credentials: credentials, messages: messages, events: events,
        inbound: stores.queue(named: QueueName.inbound.rawValue)
    ).register(on: webhooks)
    CloudWebhookController(
        credentials: credentials, messages: messages, events: events,
        inbound: stores.queue(named: QueueName.inbound.rawValue), pool: stores.postgres
    ).register(on: webhooks)
    let lobstrAccounts = LobstrAccountStore(pool: stores.postgres, keyring: configuration.sealingKeyring)
    LobstrWebhookController(
        accounts: lobstrAccounts, runs: LobstrRunStore(pool: stores.postgres),
        scraping: stores.requestQueue(named: QueueName.scraping.rawValue),
        events: stores.requestQueue(named: QueueName.events.rawValue)
    ).register(on: webhooks)
    VoicePartnerWebhookController(
        campaigns: VoiceCampaignStore(pool: stores.postgres), messages: messages, events: events
    ).register(on: webhooks)
    return router
}

/// Enqueues `pending` voice messages (Redis was down when they were accepted, or they were scheduled).
package func buildVoiceRelay(stores: ServiceStores, logger: Logger) -> OutboxRelay {
    let queue = stores.queue(named: QueueName.voice.rawValue)
    return OutboxRelay(
        messages: MessageRepository(pool: stores.postgres, logger: logger), channel: .voice, name: queue.name,
        events: MessageEventPublisher(queue: stores.queue(named: QueueName.events.rawValue), logger: logger),
        logger: logger
    ) { batch in
        _ = try await queue.enqueue(batch.map(VoiceSendJob.request(for:)))
        return batch.map(\.id)
    }
}
