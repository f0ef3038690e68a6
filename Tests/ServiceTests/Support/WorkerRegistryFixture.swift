import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import Redis
import ServiceRuntime
import Testing

/// The gateway's router over fresh stores (a Postgres schema and a Redis prefix of the test's own) with a
/// heartbeat interval of 7 s (not the default, so that the acknowledgement and the TTL are seen to follow the
/// configuration), plus the calls a WhatsApp worker and an operator make to the worker registry.
struct WorkerRegistryFixture: Sendable {
    /// `AP_WORKER_TOKEN` in ``EnvironmentConfigurationTests/gatewayEnvironment``.
    static let workerToken = "worker-token-abc"
    static let worker: HTTPFields = [.authorization: "Bearer \(workerToken)", .contentType: "application/json"]
    static let admin = AccountAPITests.admin
    static let endpoint = "http://10.0.0.5:8081"
    static let heartbeatInterval = Duration.seconds(7)

    static let idInUseType = "urn:auto-prospect:problem:worker-id-in-use"
    static let unknownWorkerType = "urn:auto-prospect:problem:unknown-worker"

    let test: TestStores
    let client: any TestClientProtocol
    let configuration: GatewayConfiguration

    static func with(_ body: @Sendable (WorkerRegistryFixture) async throws -> Void) async throws {
        let configuration = try Self.configuration()
        try await TestStores.with { test in
            let application = buildApplication(
                configuration: configuration, stores: test.stores, logger: TestStores.quietLogger)
            try await application.test(.router) { client in
                try await body(WorkerRegistryFixture(test: test, client: client, configuration: configuration))
            }
        }
    }

    /// The test configuration with ``heartbeatInterval``.
    static func configuration() throws -> GatewayConfiguration {
        var configuration = try GatewayRouterTests.configuration()
        configuration.workerHeartbeatInterval = heartbeatInterval
        return configuration
    }

    /// The configured heartbeat interval in milliseconds.
    var intervalMilliseconds: Int {
        let interval = configuration.workerHeartbeatInterval.components
        return Int(interval.seconds * 1000 + interval.attoseconds / 1_000_000_000_000_000)
    }

    // MARK: Bodies

    struct Registration: Encodable {
        var workerId: String
        var instanceId: UUID
        var endpoint: String
        var maxSessions: Int
    }

    struct Heartbeat: Encodable {
        var instanceId: UUID
        var sessions: Int
        var cpuPercent: Double?
        var memoryBytes: Int64?
        var activeConnections: Int?
    }

    struct Deregistration: Encodable {
        var instanceId: UUID
    }

    /// What register and heartbeat answer.
    struct Acknowledgement: Decodable {
        var workerId: String
        var status: String
        var heartbeatIntervalSeconds: Double
        var lapseSeconds: Double
    }

    // MARK: Worker calls

    /// `POST /api/admin/workers/register` with `body` as given (a JSON text, possibly invalid on purpose).
    func register(body: String, headers: HTTPFields = worker) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/admin/workers/register", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// `POST /api/admin/workers/register`. The instance id travels in upper case, as `UUID` encodes it.
    func register(
        _ id: String, instance: UUID, endpoint: String = endpoint, maxSessions: Int = 10, headers: HTTPFields = worker
    ) async throws -> TestResponse {
        let body = Registration(workerId: id, instanceId: instance, endpoint: endpoint, maxSessions: maxSessions)
        return try await register(body: Self.json(body), headers: headers)
    }

    /// `PUT /api/admin/workers/{id}/heartbeat`.
    func heartbeat(
        _ id: String, instance: UUID, sessions: Int = 0, cpuPercent: Double? = nil, memoryBytes: Int64? = nil,
        activeConnections: Int? = nil, headers: HTTPFields = worker
    ) async throws -> TestResponse {
        let body = Heartbeat(
            instanceId: instance, sessions: sessions, cpuPercent: cpuPercent, memoryBytes: memoryBytes,
            activeConnections: activeConnections)
        return try await client.execute(
            uri: "/api/admin/workers/\(id)/heartbeat", method: .put, headers: headers,
            body: ByteBuffer(string: Self.json(body)))
    }

    /// `POST /api/admin/workers/{id}/deregister`.
    func deregister(_ id: String, instance: UUID, headers: HTTPFields = worker) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/admin/workers/\(id)/deregister", method: .post, headers: headers,
            body: ByteBuffer(string: Self.json(Deregistration(instanceId: instance))))
    }

    /// Registers a worker, which must answer 201.
    func registered(_ id: String, instance: UUID, maxSessions: Int = 10) async throws {
        let response = try await register(id, instance: instance, maxSessions: maxSessions)
        try #require(response.status == .created)
    }

    // MARK: Operator calls

    /// `GET /api/admin/workers`, which must answer 200.
    func list() async throws -> [WorkerResource] {
        let response = try await client.execute(uri: "/api/admin/workers", method: .get, headers: Self.admin)
        try #require(response.status == .ok)
        return try Self.decode([WorkerResource].self, response)
    }

    /// The listed worker `id`, which must be listed.
    func listed(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> WorkerResource {
        try #require(try await list().first { $0.id == id }, sourceLocation: sourceLocation)
    }

    // MARK: Redis

    /// `<prefix>worker:<id>:live`.
    func liveKey(_ id: String) -> String { "\(test.configuration.redisPrefix)worker:\(id):live" }

    /// The live key's value (the owning instance id), nil when there is none.
    func liveOwner(_ id: String) async throws -> String? {
        let reply = try await test.redis.send("GET", liveKey(id))
        return reply.isNull ? nil : reply.string
    }

    /// The live key's `PTTL` (-2 without a key, -1 without a TTL).
    func liveTTL(_ id: String) async throws -> Int {
        try #require(try await test.redis.send("PTTL", liveKey(id)).int)
    }

    /// Deletes the live key, as when three heartbeats were missed.
    func lapse(_ id: String) async throws {
        let deleted = try await test.redis.send("DEL", liveKey(id)).int
        try #require(deleted == 1)
    }

    // MARK: JSON

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, _ response: TestResponse) throws -> Value {
        try MessagingFixture.decode(type, response)
    }
}
