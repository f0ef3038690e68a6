import Foundation
import Logging
import OutboundHTTP
import Postgres
import TestSupport
import Testing

/// The real `gateway` and `sms-sender` executables on a Postgres schema and Redis prefix of their own,
/// with Twilio and SMSMobileAPI played by a ``ProviderContractStub`` on a local port. The test talks to
/// the gateway over HTTP like a customer (and like Twilio, for callbacks).
final class SMSSystem: @unchecked Sendable {
    static let adminSecret = "e2e-admin-secret-0123456789"
    static let publicURL = "https://gateway.example.test"
    static let twilioAccountSID = "AC" + String(repeating: "a1", count: 16)
    static let twilioAuthToken = "e2e-twilio-token"
    static let smsMobileAPIKey = "e2e-smsmobileapi-key"
    static let webhookSecret = "whsec_e2e"

    let schema: String
    let redisPrefix: String
    let stubURL: String
    let client: OutboundHTTPClient
    private(set) var gateway: ServiceProcess
    private(set) var sender: ServiceProcess
    private(set) var gatewayPort: Int
    /// Extra `sms-sender` settings (`AP_CONCURRENCY`...), kept for restarts.
    let senderOverrides: [String: String]
    var redisURL: String
    /// What must not show in any log or error text of this run.
    let audit = LeakAudit()

    private init(
        schema: String, redisPrefix: String, stubURL: String, redisURL: String, senderOverrides: [String: String],
        gatewayOverrides: [String: String]
    ) async throws {
        self.schema = schema
        self.redisPrefix = redisPrefix
        self.stubURL = stubURL
        self.redisURL = redisURL
        self.senderOverrides = senderOverrides
        var logger = Logger(label: "e2e-client")
        logger.logLevel = .warning
        client = OutboundHTTPClient(configuration: OutboundHTTPConfiguration(threadCount: 8), logger: logger)
        gateway = try ServiceProcess(
            product: "gateway",
            environment: Self.gatewayEnvironment(schema, redisPrefix, redisURL).merging(gatewayOverrides) { $1 })
        gatewayPort = try await gateway.loggedInteger("http.port", timeout: .seconds(60))
        sender = try ServiceProcess(
            product: "sms-sender",
            environment: Self.senderEnvironment(schema, redisPrefix, redisURL, stubURL, senderOverrides))
        _ = try await sender.loggedInteger("health.port", timeout: .seconds(60))
        audit.watch(gateway, as: "gateway")
        audit.watch(sender, as: "sms-sender")
        for (value, kind) in [
            (Self.adminSecret, "the admin secret"), (Self.twilioAuthToken, "the Twilio auth token"),
            (Self.smsMobileAPIKey, "the SMSMobileAPI key"), (Self.webhookSecret, "a webhook secret"),
        ] {
            audit.secret(value, kind: kind)
        }
    }

    /// Runs `body` with a started system, then stops the processes and drops the schema. `gatewayOverrides`
    /// are extra gateway settings (another `AP_REDIS_URL` for the gateway alone, say).
    static func run(
        stub: ProviderContractStub, stubURL: String, redisURL: String = TestEnvironment.redisURL,
        senderOverrides: [String: String] = [:], gatewayOverrides: [String: String] = [:],
        _ body: (SMSSystem) async throws -> Void
    ) async throws {
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let schema = "e2e_\(suffix)"
        try await administer { try await $0.execute("create schema \(schema)") }
        do {
            let system = try await SMSSystem(
                schema: schema, redisPrefix: "e2e\(suffix.prefix(8)):", stubURL: stubURL, redisURL: redisURL,
                senderOverrides: senderOverrides, gatewayOverrides: gatewayOverrides)
            do {
                try await body(system)
            } catch {
                await system.stop()
                throw error
            }
            await system.stop()
            system.audit.check()
        } catch {
            try? await administer { try await $0.execute("drop schema if exists \(schema) cascade") }
            throw error
        }
        try? await administer { try await $0.execute("drop schema if exists \(schema) cascade") }
    }

    func stop() async {
        for process in [sender, gateway] where process.isRunning {
            process.signal(SIGTERM)
            _ = try? await process.waitForExit(timeout: .seconds(20))
        }
        client.shutdown()
    }

    /// SIGKILLs `sms-sender` (no drain, no release) and waits until it is gone.
    func killSender() async throws {
        sender.signal(SIGKILL)
        _ = try await sender.waitForExit(timeout: .seconds(20))
    }

    /// Starts a `whatsapp-gateway` with the Twilio engine pointed at the stub, once it is online.
    /// Starts a `whatsapp-gateway` worker and waits until the gateway accepted its registration: before that the
    /// gateway has no worker to give a new session to (503), which a loaded machine once showed.
    func startWhatsAppWorker(id: String, overrides: [String: String] = [:]) async throws -> ServiceProcess {
        let worker = try await startWhatsAppWorkerProcess(id: id, overrides: overrides)
        let deadline = ContinuousClock.now + .seconds(30)
        while !worker.logLines.contains(where: { $0["message"] as? String == "registered with the gateway" }) {
            guard ContinuousClock.now < deadline else { throw Failure("the WhatsApp worker did not register") }
            try await Task.sleep(for: .milliseconds(50))
        }
        return worker
    }

    private func startWhatsAppWorkerProcess(id: String, overrides: [String: String]) async throws -> ServiceProcess {
        try await startWorker(
            "whatsapp-gateway",
            settings: [
                "AP_WORKER_ID": id, "AP_WORKER_TOKEN": "e2e-worker-token",
                "AP_GATEWAY_URL": "http://127.0.0.1:\(gatewayPort)", "AP_TWILIO_BASE_URL": stubURL,
                "AP_PROVIDER_TIMEOUT_SECONDS": "1", "AP_WA_MIN_GAP_SECONDS": "0", "AP_WA_JITTER_SECONDS": "0",
            ], overrides: overrides)
    }

    /// Starts the worker executable `product` on this system's stores with `settings`, then `overrides`, on top,
    /// once its health server is up; its output joins the leak audit.
    func startWorker(_ product: String, settings: [String: String], overrides: [String: String]) async throws
        -> ServiceProcess
    {
        let worker = try ServiceProcess(
            product: product,
            environment: Self.storeEnvironment(schema, redisPrefix, redisURL).merging(["AP_HEALTH_PORT": "0"]) { $1 }
                .merging(settings) { $1 }.merging(overrides) { $1 })
        _ = try await worker.loggedInteger("health.port", timeout: .seconds(60))
        audit.watch(worker, as: product)
        return worker
    }

    /// Starts a new `sms-sender` process with the same settings.
    func startSender() async throws {
        sender = try ServiceProcess(
            product: "sms-sender",
            environment: Self.senderEnvironment(schema, redisPrefix, redisURL, stubURL, senderOverrides))
        _ = try await sender.loggedInteger("health.port", timeout: .seconds(60))
        audit.watch(sender, as: "sms-sender")
    }

    // MARK: Environment

    private static var databaseURL: String { TestEnvironment.databaseURL }

    static func storeEnvironment(_ schema: String, _ prefix: String, _ redisURL: String) -> [String: String] {
        [
            "AP_REDIS_URL": redisURL,
            "AP_DATABASE_URL": databaseURL + (databaseURL.contains("?") ? "&" : "?") + "search_path=\(schema)",
            "AP_REDIS_PREFIX": prefix,
            "AP_SHUTDOWN_GRACE_SECONDS": "10",
            "AP_STARTUP_TIMEOUT_SECONDS": "30",
            "AP_SEALING_KEYS": "k1:" + Data((0..<32).map { UInt8($0) }).base64EncodedString(),
            "AP_SEALING_KEY_ID": "k1",
            "AP_PUBLIC_URL": publicURL,
        ]
    }

    private static func gatewayEnvironment(_ schema: String, _ prefix: String, _ redisURL: String) -> [String: String] {
        storeEnvironment(schema, prefix, redisURL).merging([
            "AP_HTTP_PORT": "0", "AP_ADMIN_SECRET": adminSecret, "AP_WORKER_TOKEN": "e2e-worker-token",
        ]) { $1 }
    }

    private static func senderEnvironment(
        _ schema: String, _ prefix: String, _ redisURL: String, _ stubURL: String, _ overrides: [String: String]
    ) -> [String: String] {
        storeEnvironment(schema, prefix, redisURL).merging([
            "AP_HEALTH_PORT": "0", "AP_TWILIO_BASE_URL": stubURL, "AP_SMSMOBILEAPI_BASE_URL": stubURL,
            "AP_PROVIDER_TIMEOUT_SECONDS": "1", "AP_SMS_RATE_BURST": "10000", "AP_SMS_RATE_PER_SECOND": "10000",
        ]) { $1 }.merging(overrides) { $1 }
    }

    static func administer(_ body: (PostgresConnection) async throws -> Void) async throws {
        var configuration = try PostgresConfiguration(url: databaseURL)
        configuration.poolSize = 1
        let connection = try await PostgresConnection.connect(
            configuration: configuration, logger: SendingFixture.logger)
        do {
            try await body(connection)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }
}
