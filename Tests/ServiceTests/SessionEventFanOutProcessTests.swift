import Foundation
import Glibc
import Postgres
import Redis
import TestSupport
import Testing

/// A live gateway's session event streams (`GET /api/sessions/{id}/events`) are subscribers of one reader of
/// `events` per process: they hold no Redis connection of their own, each gets its own session's events, an
/// account holds at most `AP_SSE_MAX_STREAMS_PER_ACCOUNT` of them, and they all end on SIGTERM. Events are put on
/// `events` directly, as a worker would, and sessions are rows written directly: no worker runs.
@Suite(.timeLimit(.minutes(3))) struct SessionEventFanOutProcessTests {
    @Test func manyStreamsShareOneRedisReaderAndEachGetsItsOwnSession() async throws {
        try await Self.withGateway(["AP_SSE_MAX_STREAMS_PER_ACCOUNT": "20"]) { gateway in
            let account = try await gateway.account()
            let first = try await gateway.session(of: account, name: "first")
            let second = try await gateway.session(of: account, name: "second")
            let readersBefore = try await gateway.streamReaders()

            var firstStreams: [EventStreamClient] = []
            var secondStreams: [EventStreamClient] = []
            for _ in 0..<6 {
                firstStreams.append(try await gateway.openStream(first, key: account.key))
                secondStreams.append(try await gateway.openStream(second, key: account.key))
            }
            for stream in firstStreams + secondStreams {
                #expect(try await stream.read(until: "event: session\n"))
            }
            // Today's code opened one connection per stream, each blocked in its own XREAD: 12 more readers.
            // Other tests' gateways may come and go meanwhile, hence a margin, far below 12.
            let readersAfter = try await gateway.streamReaders()
            #expect(readersAfter - readersBefore <= 2, "XREAD clients: \(readersBefore) → \(readersAfter)")

            try await gateway.publish(session: first, status: "connected")
            try await gateway.publish(session: second, status: "logged_out")
            for stream in firstStreams {
                #expect(try await stream.read(until: "\"status\":\"connected\""))
            }
            for stream in secondStreams {
                #expect(try await stream.read(until: "\"status\":\"logged_out\""))
                // Delivered in stream order: had the first session's event reached it, it would be here already.
                #expect(!stream.received.contains(first))
            }
            for stream in firstStreams { #expect(!stream.received.contains(second)) }
        }
    }

    @Test func aSixthStreamOfOneAccountIs429WhileAnotherAccountConnects() async throws {
        try await Self.withGateway { gateway in
            let busy = try await gateway.account()
            let other = try await gateway.account()
            let busySession = try await gateway.session(of: busy, name: "busy")
            let otherSession = try await gateway.session(of: other, name: "other")

            var open: [EventStreamClient] = []
            for _ in 0..<5 {
                let stream = try await gateway.openStream(busySession, key: busy.key)
                #expect(try await stream.read(until: "event: session\n"))
                open.append(stream)
            }
            let sixth = try await gateway.openStream(busySession, key: busy.key)
            #expect(try await sixth.read(until: "\r\n\r\n"))
            let head = sixth.received.lowercased()
            #expect(head.hasPrefix("http/1.1 429"), "\(head.prefix(200))")
            #expect(head.contains("retry-after: 5"))
            #expect(head.contains("application/problem+json"))
            #expect(try await sixth.read(until: "urn:auto-prospect:problem:too-many-event-streams"))

            let another = try await gateway.openStream(otherSession, key: other.key)
            #expect(try await another.read(until: "event: session\n"))
            #expect(another.received.hasPrefix("HTTP/1.1 200"))

            // A stream that ends gives its slot back (releasing the client closes its socket).
            _ = open.removeLast()
            let reopened = try await eventually(timeout: .seconds(30), every: .milliseconds(500)) {
                let stream = try await gateway.openStream(busySession, key: busy.key)
                guard try await stream.read(until: "\r\n\r\n") else { return false }
                return stream.received.hasPrefix("HTTP/1.1 200")
            }
            #expect(reopened)
        }
    }

    @Test func everyStreamEndsWhenTheGatewayGetsSIGTERM() async throws {
        // A grace far longer than the wait below: a gateway held up by its open streams would still be running.
        try await Self.withGateway(["AP_SHUTDOWN_GRACE_SECONDS": "60"]) { gateway in
            let account = try await gateway.account()
            let session = try await gateway.session(of: account, name: "sigterm")
            var streams: [EventStreamClient] = []
            for _ in 0..<3 {
                let stream = try await gateway.openStream(session, key: account.key)
                #expect(try await stream.read(until: "event: session\n"))
                streams.append(stream)
            }
            let signalled = ContinuousClock.now
            gateway.process.signal(SIGTERM)
            for stream in streams {
                #expect(try await stream.waitForClose(within: .seconds(15)))
                // The response was finished (the last chunk of a chunked body), not cut.
                #expect(stream.received.hasSuffix("0\r\n\r\n"))
            }
            #expect(try await gateway.process.waitForExit(timeout: .seconds(20)) == 0)
            #expect(ContinuousClock.now - signalled < .seconds(20))
        }
    }
}

// MARK: - Fixture

extension SessionEventFanOutProcessTests {
    struct Account {
        var id: UUID
        var key: String
    }

    /// A gateway process on a fresh schema and Redis prefix, with direct access to both stores.
    struct Gateway {
        let process: ServiceProcess
        let port: Int
        let prefix: String
        let redis: RedisPool
        let postgres: PostgresPool

        func account() async throws -> Account {
            let admin = WorkerProcessTests.adminSecret
            let created = try await HTTPProbe.send(
                "POST", port: port, path: "/api/admin/accounts", bearer: admin, json: ["name": "sse"]
            ).json()
            let id = try #require(created["id"] as? String)
            let issued = try await HTTPProbe.send(
                "POST", port: port, path: "/api/admin/accounts/\(id)/api-keys", bearer: admin, json: ["name": "k"]
            ).json()
            return Account(id: try #require(UUID(uuidString: id)), key: try #require(issued["key"] as? String))
        }

        /// A session row (no worker holds it), as its id.
        func session(of account: Account, name: String) async throws -> String {
            let rows = try await postgres.query(
                """
                insert into wa_sessions (account_id, name, engine, status) values ($1, $2, 'sandbox', 'qr_required')
                returning id::text as id
                """, [account.id, name])
            return try #require(try rows.first?.decode(String.self, "id"))
        }

        func openStream(_ session: String, key: String) async throws -> EventStreamClient {
            let stream = EventStreamClient(connection: try RawTCPConnection(port: port))
            stream.connection.send(
                "GET /api/sessions/\(session)/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\n\r\n"
            )
            return stream
        }

        /// A `session.status` event on `events`, as a worker publishes it.
        func publish(session: String, status: String) async throws {
            _ = try await redis.send(
                "XADD", "\(prefix){q:events}", "*", "name", "session.status", "payload",
                "{\"sessionId\":\"\(session)\",\"status\":\"\(status)\"}"
            ).orThrow()
        }

        /// Redis clients whose last command was `XREAD` (blocking readers of a stream, whatever their process).
        func streamReaders() async throws -> Int {
            let list = try await redis.send("CLIENT", "LIST").orThrow().string ?? ""
            return list.split(separator: "\n").filter { $0.contains(" cmd=xread ") }.count
        }
    }

    static func withGateway(_ settings: [String: String] = [:], _ body: (Gateway) async throws -> Void)
        async throws
    {
        let schema = try await TestSchema.create()
        let prefix = "t-\(TestSchema.randomSuffix(10)):"
        var environment = ServiceProcessTests.storeEnvironment
        environment["AP_DATABASE_URL"] = schema.databaseURL
        environment["AP_REDIS_PREFIX"] = prefix
        environment["AP_STARTUP_TIMEOUT_SECONDS"] = "20"
        environment["AP_HTTP_PORT"] = "0"
        environment["AP_ADMIN_SECRET"] = WorkerProcessTests.adminSecret
        environment["AP_WORKER_TOKEN"] = WorkerProcessTests.workerToken
        environment["AP_SEALING_KEYS"] = "k1:\(EnvironmentConfigurationTests.sealingKey)"
        environment["AP_SEALING_KEY_ID"] = "k1"
        environment.merge(settings) { $1 }
        let process = try ServiceProcess(product: "gateway", environment: environment)
        let redis = RedisPool(configuration: try RedisConfiguration(url: TestEnvironment.redisURL, poolSize: 2))
        let postgres = PostgresPool(
            configuration: try PostgresConfiguration(url: schema.databaseURL), logger: TestStores.quietLogger)
        func cleanUp() async {
            await redis.close()
            await postgres.close()
            await schema.drop()
        }
        do {
            let port = try await process.loggedInteger("http.port")
            try await body(Gateway(process: process, port: port, prefix: prefix, redis: redis, postgres: postgres))
        } catch {
            process.signal(SIGKILL)
            await cleanUp()
            throw error
        }
        if process.isRunning {
            process.signal(SIGTERM)
            _ = try? await process.waitForExit(timeout: .seconds(20))
        }
        await cleanUp()
    }
}

/// One Server-Sent Events client over a raw socket: what it has received so far, head and chunks included.
final class EventStreamClient {
    let connection: RawTCPConnection
    private(set) var bytes: [UInt8] = []
    private var closed = false

    init(connection: RawTCPConnection) {
        self.connection = connection
    }

    var received: String { String(decoding: bytes, as: UTF8.self) }

    /// Reads until `text` has arrived (true) or `timeout` passed or the server closed the connection (false).
    func read(until text: String, timeout: Duration = .seconds(15)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if received.contains(text) { return true }
            guard let more = connection.readAvailable() else { return received.contains(text) }
            if more.isEmpty { try await Task.sleep(for: .milliseconds(20)) } else { bytes += more }
        }
        return received.contains(text)
    }

    /// Waits for the server to close the connection, keeping what it sends meanwhile.
    func waitForClose(within timeout: Duration) async throws -> Bool {
        try await connection.waitForClose(within: timeout, received: &bytes)
    }
}
