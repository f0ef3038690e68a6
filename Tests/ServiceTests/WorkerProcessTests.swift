import Foundation
import TestSupport
import Testing

/// The registry with real processes: a `gateway` and `whatsapp-gateway` workers on real Redis and Postgres
/// register, heartbeat with their process metrics, refuse a duplicate id and deregister on SIGTERM.
@Suite(.timeLimit(.minutes(3))) struct WorkerProcessTests {
    static let adminSecret = "admin-secret-0123456789"
    static let workerToken = "worker-token-e2e"

    /// A gateway (heartbeat interval `heartbeatSeconds`, 1 s unless told) on a fresh schema and prefix; `body`
    /// gets its port and the environment workers need to reach the same stores.
    static func withGateway(heartbeatSeconds: Int = 1, _ body: (Int, [String: String]) async throws -> Void)
        async throws
    {
        let schema = try await TestSchema.create()
        var stores = ServiceProcessTests.storeEnvironment
        stores["AP_DATABASE_URL"] = schema.databaseURL
        stores["AP_REDIS_PREFIX"] = "t-\(TestSchema.randomSuffix(10)):"
        stores["AP_STARTUP_TIMEOUT_SECONDS"] = "20"
        var environment = stores
        environment["AP_HTTP_PORT"] = "0"
        environment["AP_ADMIN_SECRET"] = Self.adminSecret
        environment["AP_WORKER_TOKEN"] = Self.workerToken
        environment["AP_SEALING_KEYS"] = "k1:\(EnvironmentConfigurationTests.sealingKey)"
        environment["AP_SEALING_KEY_ID"] = "k1"
        environment["AP_WORKER_HEARTBEAT_SECONDS"] = "\(heartbeatSeconds)"
        let gateway = try ServiceProcess(product: "gateway", environment: environment)
        do {
            let port = try await gateway.loggedInteger("http.port")
            var worker = stores
            worker["AP_HEALTH_PORT"] = "0"
            worker["AP_WORKER_TOKEN"] = Self.workerToken
            worker["AP_GATEWAY_URL"] = "http://127.0.0.1:\(port)"
            worker["AP_SEALING_KEYS"] = environment["AP_SEALING_KEYS"]
            worker["AP_SEALING_KEY_ID"] = "k1"
            try await body(port, worker)
        } catch {
            gateway.signal(SIGKILL)
            await schema.drop()
            throw error
        }
        gateway.signal(SIGTERM)
        _ = try? await gateway.waitForExit(timeout: .seconds(20))
        await schema.drop()
    }

    /// The worker `id` as `GET /api/admin/workers` shows it, once `condition` holds (else a timeout).
    static func worker(
        _ id: String, port: Int, until condition: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(30)
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            let reply = try await HTTPProbe.get(port: port, path: "/api/admin/workers", bearer: Self.adminSecret)
            let list = (try? JSONSerialization.jsonObject(with: reply.body)) as? [[String: Any]] ?? []
            last = list.first { $0["id"] as? String == id } ?? [:]
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServiceProcess.Timeout(what: "worker \(id) to match; last seen \(last)")
    }

    @Test func aWorkerRegistersHeartbeatsRefusesADuplicateAndDeregistersOnSIGTERM() async throws {
        try await Self.withGateway { port, environment in
            let id = "wa-\(TestSchema.randomSuffix(8))"
            var first = environment
            first["AP_WORKER_ID"] = id
            first["AP_MAX_SESSIONS"] = "25"
            first["AP_WORKER_ENDPOINT"] = "http://worker-a.internal:8081"
            let worker = try ServiceProcess(product: "whatsapp-gateway", environment: first)

            // Registered, then heartbeating: the process's own memory shows up.
            let online = try await Self.worker(id, port: port) {
                $0["status"] as? String == "online" && (($0["memoryBytes"] as? NSNumber)?.int64Value ?? 0) > 0
            }
            #expect(online["maxSessions"] as? Int == 25)
            #expect(online["endpoint"] as? String == "http://worker-a.internal:8081")
            #expect(online["sessions"] as? Int == 0)

            // A second process with the same id is refused and stops with an error.
            let duplicate = try ServiceProcess(product: "whatsapp-gateway", environment: first)
            let status = try await duplicate.waitForExit(timeout: .seconds(30))
            #expect(status != 0)
            #expect(duplicate.standardOutput.contains("another live process is registered as worker \(id)"))
            let stillFirst = try await Self.worker(id, port: port) { _ in true }
            #expect(stillFirst["instanceId"] as? String == online["instanceId"] as? String)

            // A graceful stop deregisters at once.
            worker.signal(SIGTERM)
            #expect(try await worker.waitForExit(timeout: .seconds(15)) == 0)
            let stopped = try await Self.worker(id, port: port) { _ in true }
            #expect(stopped["status"] as? String == "stopped")
        }
    }

    @Test func aKilledWorkerGoesOfflineWhenItsHeartbeatsLapse() async throws {
        try await Self.withGateway { port, environment in
            let id = "wa-\(TestSchema.randomSuffix(8))"
            var settings = environment
            settings["AP_WORKER_ID"] = id
            let worker = try ServiceProcess(product: "whatsapp-gateway", environment: settings)
            _ = try await Self.worker(id, port: port) { $0["status"] as? String == "online" }
            worker.signal(SIGKILL)
            _ = try await worker.waitForExit(timeout: .seconds(10))
            // Three missed 1 s heartbeats: offline, not stopped (it never said goodbye).
            let offline = try await Self.worker(id, port: port) { $0["status"] as? String == "offline" }
            #expect(offline["status"] as? String == "offline")
            // Its id is free again: a new process takes it over.
            let replacement = try ServiceProcess(product: "whatsapp-gateway", environment: settings)
            let back = try await Self.worker(id, port: port) {
                $0["status"] as? String == "online" && $0["instanceId"] as? String != offline["instanceId"] as? String
            }
            #expect(back["status"] as? String == "online")
            replacement.signal(SIGTERM)
            _ = try await replacement.waitForExit(timeout: .seconds(15))
        }
    }
}
