import Foundation
import Testing

/// The built executables, started as real processes: configuration errors, health, and SIGTERM.
@Suite(.timeLimit(.minutes(2))) struct ServiceProcessTests {
    static let storeEnvironment = [
        "AP_REDIS_URL": "redis://127.0.0.1:16379/0",
        "AP_DATABASE_URL": "postgres://ap@127.0.0.1:15432/ap",
        "AP_SHUTDOWN_GRACE_SECONDS": "5",
    ]

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
        #expect(line["config.keys"] as? [String] == ["AP_REDIS_URL", "AP_ADMIN_SECRET", "AP_WORKER_TOKEN"])
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

    @Test func gatewayServesHealthAndStopsOnSIGTERM() async throws {
        var environment = Self.storeEnvironment
        environment["AP_HTTP_PORT"] = "0"
        environment["AP_ADMIN_SECRET"] = "admin-secret-0123456789"
        environment["AP_WORKER_TOKEN"] = "worker-token"
        let process = try ServiceProcess(product: "gateway", environment: environment)
        let port = try await process.loggedInteger("http.port")
        let health = try await HTTPProbe.get(port: port, path: "/health")
        #expect(health.status == 200)
        #expect(try health.json()["service"] as? String == "gateway")
        let missing = try await HTTPProbe.get(port: port, path: "/missing")
        #expect(missing.status == 404)
        #expect(missing.contentType == "application/problem+json")
        try await expectGracefulStop(process, signal: SIGTERM)
        #expect(!process.standardOutput.contains("admin-secret-0123456789"))
    }

    @Test(arguments: ["sms-sender", "voice-sender", "hunt-orchestrator"])
    func workerServesHealthAndStopsOnSIGTERM(product: String) async throws {
        var environment = Self.storeEnvironment
        environment["AP_HEALTH_PORT"] = "0"
        let process = try ServiceProcess(product: product, environment: environment)
        let port = try await process.loggedInteger("health.port")
        let health = try await HTTPProbe.get(port: port, path: "/health")
        #expect(health.status == 200)
        #expect(try health.json()["service"] as? String == product)
        let ready = try await HTTPProbe.get(port: port, path: "/ready")
        #expect(ready.status == 200)
        try await expectGracefulStop(process, signal: SIGTERM)
    }

    @Test func whatsAppGatewayStopsOnSIGINT() async throws {
        var environment = Self.storeEnvironment
        environment["AP_HEALTH_PORT"] = "0"
        environment["AP_WORKER_TOKEN"] = "worker-token"
        environment["AP_GATEWAY_URL"] = "http://127.0.0.1:8080"
        environment["AP_WORKER_ID"] = "worker-test-1"
        let process = try ServiceProcess(product: "whatsapp-gateway", environment: environment)
        let port = try await process.loggedInteger("health.port")
        #expect(try await HTTPProbe.get(port: port, path: "/health").status == 200)
        let line = process.logLines.first { $0["message"] as? String == "Health server listening" }
        #expect(line?["worker.id"] as? String == "worker-test-1")
        try await expectGracefulStop(process, signal: SIGINT)
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
