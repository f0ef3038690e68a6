import Foundation
import Postgres
import Redis
import TestSupport
import Testing

/// What WhatsApp session process tests do over and over against a gateway started by
/// ``WorkerProcessTests/withGateway(_:)``: make an account, start a worker, create, poll and connect
/// sessions, drive the admin sandbox phone, and look at Postgres and Redis behind the API.
struct SessionProbe {
    let port: Int
    let environment: [String: String]
    let admin = WorkerProcessTests.adminSecret

    /// JSON body of `reply` as an object.
    static func object(_ reply: HTTPProbe.Reply) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: reply.body)) as? [String: Any] ?? [:]
    }

    /// An account's API key, made through the admin API.
    func account() async throws -> String {
        let created = Self.object(
            try await HTTPProbe.send(
                "POST", port: port, path: "/api/admin/accounts", bearer: admin, json: ["name": "wa"]))
        let id = try #require(created["id"] as? String)
        let issued = Self.object(
            try await HTTPProbe.send(
                "POST", port: port, path: "/api/admin/accounts/\(id)/api-keys", bearer: admin, json: ["name": "k"]))
        return try #require(issued["key"] as? String)
    }

    /// A whatsapp-gateway with a fresh id and `settings` on top of the test environment, once it is online.
    func startWorker(_ settings: [String: String] = [:]) async throws -> (ServiceProcess, String) {
        var all = environment.merging(settings) { $1 }
        let workerID = "wa-\(TestSchema.randomSuffix(8))"
        all["AP_WORKER_ID"] = workerID
        let worker = try ServiceProcess(product: "whatsapp-gateway", environment: all)
        _ = try await WorkerProcessTests.worker(workerID, port: port) { $0["status"] as? String == "online" }
        return (worker, workerID)
    }

    /// Polls the session until `condition` holds.
    func session(_ id: String, key: String, until condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(30)
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            last = Self.object(try await HTTPProbe.get(port: port, path: "/api/sessions/\(id)", bearer: key))
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServiceProcess.Timeout(what: "session \(id) to match; last seen \(last)")
    }

    /// Polls until the session has `status`.
    @discardableResult
    func session(_ id: String, key: String, is status: String) async throws -> [String: Any] {
        try await session(id, key: key) { $0["status"] as? String == status }
    }

    /// Polls the message until it has `status` (up to 60 s: a message may wait out a failover first).
    @discardableResult
    func message(_ id: String, key: String, is status: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            last = Self.object(try await HTTPProbe.get(port: port, path: "/api/messages/\(id)", bearer: key))
            if last["status"] as? String == status { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServiceProcess.Timeout(what: "message \(id) to be \(status); last seen \(last["status"] ?? "-")")
    }

    /// A new session, once it waits for a scan.
    func waitingSession(key: String, name: String) async throws -> String {
        let created = try await HTTPProbe.send(
            "POST", port: port, path: "/api/sessions", bearer: key, json: ["name": name])
        let id = try #require(Self.object(created)["id"] as? String, "\(created.status)")
        try await session(id, key: key, is: "qr_required")
        return id
    }

    /// A new session scanned by the sandbox phone: its id and phone once connected.
    func connectedSession(key: String, name: String) async throws -> (id: String, phone: String) {
        let id = try await waitingSession(key: key, name: name)
        #expect(try await phone("scan", id).status == 202)
        let connected = try await session(id, key: key, is: "connected")
        return (id, try #require(connected["phone"] as? String))
    }

    /// `POST /api/admin/sessions/{id}/<action>` with the admin secret (or `bearer`).
    func phone(_ action: String, _ id: String, json: [String: Any]? = nil, bearer: String? = nil) async throws
        -> HTTPProbe.Reply
    {
        try await HTTPProbe.send(
            "POST", port: port, path: "/api/admin/sessions/\(id)/\(action)", bearer: bearer ?? admin, json: json)
    }

    /// The session's `sealed_auth` column (nil when dropped).
    func sealedAuth(_ id: String) async throws -> String? {
        var configuration = try PostgresConfiguration(url: try #require(environment["AP_DATABASE_URL"]))
        configuration.poolSize = 1
        let uuid = try #require(UUID(uuidString: id))
        let postgres = try await PostgresConnection.connect(
            configuration: configuration, logger: TestStores.quietLogger)
        let rows: PostgresQueryResult
        do {
            rows = try await postgres.query("select sealed_auth from wa_sessions where id = $1", [uuid])
        } catch {
            await postgres.close()
            throw error
        }
        await postgres.close()
        return try #require(rows.first).decode(String?.self, "sealed_auth")
    }

    /// A Redis connection and the deployment's key prefix; close the pool after use.
    func redis() throws -> (any SharedRedisClient, String) {
        (
            try RedisConfiguration(url: TestEnvironment.redisURL, poolSize: 1).makeSharedClient(),
            environment["AP_REDIS_PREFIX"] ?? ""
        )
    }
}
