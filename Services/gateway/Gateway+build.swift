import Hummingbird
import Logging
import MessageStore
import ServiceLifecycle
import ServiceRuntime

/// The name in logs, health bodies and Postgres' `application_name`.
package let gatewayServiceName = "gateway"

/// Everything the gateway executable runs: its stores (first, so that they close last) and the HTTP
/// application. Opening the stores waits for Redis and Postgres and migrates the schema; the event
/// consumers are added here when they exist.
package func buildServices(configuration: GatewayConfiguration, logger: Logger) async throws -> [any Service] {
    let stores = try await ServiceStores.open(
        configuration: configuration.stores, service: gatewayServiceName, logger: logger)
    return [stores, buildApplication(configuration: configuration, stores: stores, logger: logger)]
}

/// The HTTP application on `AP_HTTP_HOST:AP_HTTP_PORT`. `readinessChecks` default to the stores' (`redis`,
/// `postgres`); `services` run alongside the server and stop after it. Once listening it logs
/// `HTTP server listening` with `http.host` and `http.port`.
package func buildApplication(
    configuration: GatewayConfiguration, stores: ServiceStores, readinessChecks: [ReadinessCheck]? = nil,
    services: [any Service] = [], logger: Logger
) -> some ApplicationProtocol {
    let host = configuration.httpHost
    return Application(
        router: buildRouter(configuration: configuration, stores: stores, readinessChecks: readinessChecks),
        configuration: .init(address: .hostname(host, port: configuration.httpPort), serverName: nil),
        services: services,
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
/// - `GET /health`, `GET /ready` (public);
/// - `/api/admin/...` behind the admin secret: queue stats, job status, dead letters, accounts, API keys and
///   credits (see the controllers);
/// - `/api/...` behind an account's API key: its SMS provider credentials and its credits.
package func buildRouter(
    configuration: GatewayConfiguration, stores: ServiceStores, readinessChecks: [ReadinessCheck]? = nil
) -> Router<GatewayRequestContext> {
    let router = Router(context: GatewayRequestContext.self)
    // Middleware applies only to routes added after it, so it goes first.
    router.add(middleware: ProblemDetailsMiddleware())
    HealthRoutes(service: gatewayServiceName, checks: readinessChecks ?? stores.readinessChecks).register(on: router)

    let admin = router.group("api/admin").add(middleware: AdminAuthMiddleware(secret: configuration.adminSecret))
    let queues = admin.group("queues")
    QueueAdminController(stores: stores).register(on: queues)
    DeadLetterAdminController(stores: stores).register(on: queues)

    let accounts = AccountRepository(pool: stores.postgres)
    let keys = APIKeyRepository(pool: stores.postgres)
    let ledger = CreditLedger(pool: stores.postgres)
    AccountAdminController(accounts: accounts, keys: keys, ledger: ledger).register(on: admin.group("accounts"))

    // Routes registered on `account` get the authenticated account id in their context.
    let account = router.group("api").add(middleware: AccountAuthMiddleware(keys: keys))
        .group(context: AccountRequestContext.self)
    let credentials = ChannelCredentialStore(pool: stores.postgres, keyring: configuration.sealingKeyring)
    SMSCredentialController(store: credentials, pool: stores.postgres).register(on: account)
    CreditController(ledger: ledger).register(on: account)
    return router
}
