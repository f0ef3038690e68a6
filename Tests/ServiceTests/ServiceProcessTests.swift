import Foundation
import TestSupport
import Testing

/// The built executables, started as real processes: configuration errors, store start-up, health and
/// readiness, and SIGTERM. Services reach the real Redis and Postgres; each test migrates a schema of its own.
@Suite(.timeLimit(.minutes(2))) struct ServiceProcessTests {
    /// Store settings for tests that stop at configuration (nothing is reached).
    static let storeEnvironment = [
        "AP_REDIS_URL": TestEnvironment.redisURL,
        "AP_DATABASE_URL": TestEnvironment.databaseURL,
        "AP_SHUTDOWN_GRACE_SECONDS": "5",
    ]

    /// Runs `body` with store settings on a fresh schema and Redis prefix, then drops the schema.
    private func withStores(_ body: ([String: String]) async throws -> Void) async throws {
        let schema = try await TestSchema.create()
        var environment = Self.storeEnvironment
        environment["AP_DATABASE_URL"] = schema.databaseURL
        environment["AP_REDIS_PREFIX"] = "t-\(TestSchema.randomSuffix(10)):"
        environment["AP_STARTUP_TIMEOUT_SECONDS"] = "20"
        do {
            try await body(environment)
        } catch {
            await schema.drop()
            throw error
        }
        await schema.drop()
    }

    @Test func gatewayWithoutRequiredKeysExits78NamingThem() async throws {
        var environment = Self.storeEnvironment
        environment["AP_REDIS_URL"] = nil
        environment["AP_ADMIN_SECRET"] = "too-short-admin"
        let process = try ServiceProcess(product: "gateway", environment: environment)
        #expect(try await process.waitForExit(timeout: .seconds(30)) == 78)
        let stderr = process.standardError
        #expect(stderr.contains("AP_REDIS_URL is missing"))
        #expect(stderr.contains("AP_ADMIN_SECRET is malformed"))
        #expect(stderr.contains("AP_WORKER_TOKEN is missing"))
        #expect(!stderr.contains("AP_DATABASE_URL"))
        #expect(!stderr.contains("too-short-admin"))
        #expect(!stderr.contains("Fatal error") && !stderr.contains("Stack dump"))
        let line = try #require(process.logLines.first)
        #expect(line["level"] as? String == "critical")
        #expect(
            line["config.keys"] as? [String] == [
                "AP_REDIS_URL", "AP_ADMIN_SECRET", "AP_WORKER_TOKEN", "AP_SEALING_KEYS", "AP_SEALING_KEY_ID",
            ])
        #expect(!process.standardOutput.contains("too-short-admin"))
    }

    @Test func whatsAppGatewayReportsMissingAndMalformedKeys() async throws {
        var environment = Self.storeEnvironment
        environment["AP_MAX_SESSIONS"] = "0"
        environment["AP_WORKER_ID"] = "bad{id}"
        let process = try ServiceProcess(product: "whatsapp-gateway", environment: environment)
        #expect(try await process.waitForExit(timeout: .seconds(30)) == 78)
        let stderr = process.standardError
        for key in ["AP_WORKER_TOKEN", "AP_GATEWAY_URL", "AP_MAX_SESSIONS", "AP_WORKER_ID"] {
            #expect(stderr.contains(key))
        }
    }

    @Test func gatewayServesHealthReadinessAndAdminAndStopsOnSIGTERM() async throws {
        try await withStores { environment in
            var environment = environment
            environment["AP_HTTP_PORT"] = "0"
            environment["AP_ADMIN_SECRET"] = "admin-secret-0123456789"
            environment["AP_WORKER_TOKEN"] = "worker-token"
            environment["AP_SEALING_KEYS"] = "k1:\(EnvironmentConfigurationTests.sealingKey)"
            environment["AP_SEALING_KEY_ID"] = "k1"
            let process = try ServiceProcess(product: "gateway", environment: environment)
            let port = try await process.loggedInteger("http.port")
            let health = try await HTTPProbe.get(port: port, path: "/health")
            #expect(health.status == 200)
            #expect(try health.json()["service"] as? String == "gateway")
            try await expectReady(port: port)
            let missing = try await HTTPProbe.get(port: port, path: "/missing")
            #expect(missing.status == 404)
            #expect(missing.contentType == "application/problem+json")
            let admin = try await HTTPProbe.get(port: port, path: "/api/admin/queues")
            #expect(admin.status == 401)
            try await expectGracefulStop(process, signal: SIGTERM)
            #expect(process.logLines.contains { $0["message"] as? String == "Stores ready" })
            #expect(!process.standardOutput.contains("admin-secret-0123456789"))
        }
    }

    @Test(arguments: ["sms-sender", "voice-sender", "hunt-orchestrator"])
    func workerServesHealthAndReadinessAndStopsOnSIGTERM(product: String) async throws {
        try await withStores { environment in
            var environment = environment
            environment["AP_HEALTH_PORT"] = "0"
            // sms-sender opens the accounts' sealed credentials with the gateway's keys.
            environment["AP_SEALING_KEYS"] = "k1:\(EnvironmentConfigurationTests.sealingKey)"
            environment["AP_SEALING_KEY_ID"] = "k1"
            let process = try ServiceProcess(product: product, environment: environment)
            let port = try await process.loggedInteger("health.port")
            let health = try await HTTPProbe.get(port: port, path: "/health")
            #expect(health.status == 200)
            #expect(try health.json()["service"] as? String == product)
            try await expectReady(port: port)
            try await expectGracefulStop(process, signal: SIGTERM)
        }
    }

    @Test func whatsAppGatewayStopsOnSIGINT() async throws {
        try await withStores { environment in
            var environment = environment
            environment["AP_HEALTH_PORT"] = "0"
            environment["AP_WORKER_TOKEN"] = "worker-token"
            // Nothing listens there: the worker keeps retrying its registration, which must not delay the stop.
            environment["AP_GATEWAY_URL"] = "http://127.0.0.1:\(ClosedPort.find())"
            environment["AP_WORKER_ID"] = "worker-test-1"
            environment["AP_SEALING_KEYS"] = "k1:\(EnvironmentConfigurationTests.sealingKey)"
            environment["AP_SEALING_KEY_ID"] = "k1"
            let process = try ServiceProcess(product: "whatsapp-gateway", environment: environment)
            let port = try await process.loggedInteger("health.port")
            #expect(try await HTTPProbe.get(port: port, path: "/health").status == 200)
            try await expectReady(port: port)
            let line = process.logLines.first { $0["message"] as? String == "Health server listening" }
            #expect(line?["worker.id"] as? String == "worker-test-1")
            try await expectGracefulStop(process, signal: SIGINT)
        }
    }

    @Test func aServiceWhosePostgresNeverAnswersExitsNonZeroWithinTheStartupTimeout() async throws {
        var environment = Self.storeEnvironment
        environment["AP_DATABASE_URL"] = "postgres://ap:db-password-xyz@127.0.0.1:\(ClosedPort.find())/ap"
        environment["AP_STARTUP_TIMEOUT_SECONDS"] = "1"
        environment["AP_HEALTH_PORT"] = "0"
        environment["AP_SEALING_KEYS"] = "k1:\(EnvironmentConfigurationTests.sealingKey)"
        environment["AP_SEALING_KEY_ID"] = "k1"
        let clock = ContinuousClock()
        let started = clock.now
        let process = try ServiceProcess(product: "sms-sender", environment: environment)
        #expect(try await process.waitForExit(timeout: .seconds(20)) == 1)
        #expect(clock.now - started >= .seconds(1))
        let lines = process.logLines
        let gaveUp = lines.first { $0["message"] as? String == "Stores not reachable within the start-up timeout" }
        #expect(gaveUp?["store.name"] as? String == "postgres")
        #expect(gaveUp?["level"] as? String == "critical")
        #expect(lines.last?["message"] as? String == "Service could not be built")
        #expect(!lines.contains { $0["message"] as? String == "Health server listening" })
        #expect(!process.standardOutput.contains("db-password-xyz"))
    }

    /// `/ready` answers 200 with the `redis` and `postgres` checks passing.
    private func expectReady(port: Int) async throws {
        let ready = try await HTTPProbe.get(port: port, path: "/ready")
        #expect(ready.status == 200)
        let checks = try ready.json()["checks"] as? [String: [String: Any]]
        #expect(checks?.keys.sorted() == ["postgres", "redis"])
        #expect(checks?.values.allSatisfy { $0["status"] as? String == "ok" } == true)
    }

    /// Sends `signal` and expects exit code 0 well within the 5 s grace period, with the shutdown logged.
    private func expectGracefulStop(_ process: ServiceProcess, signal: Int32) async throws {
        let clock = ContinuousClock()
        let sent = clock.now
        process.signal(signal)
        #expect(try await process.waitForExit(timeout: .seconds(10)) == 0)
        #expect(clock.now - sent < .seconds(5))
        let messages = process.logLines.compactMap { $0["message"] as? String }
        #expect(messages.contains("Graceful shutdown requested"))
        #expect(messages.last == "Services stopped")
        #expect(process.standardError.isEmpty)
    }
}
