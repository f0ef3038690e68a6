import Foundation
import Gateway
import Hummingbird
import JobRuntime
import Logging
import Postgres
import ServiceRuntime
import TestSupport
import Testing

/// The queue admin API against the real Redis and Postgres, each test under its own Redis prefix and schema.
@Suite struct AdminQueueAPITests {
    static let secret = "admin-secret-0123456789"
    static let authorized: HTTPFields = [.authorization: "Bearer \(secret)"]

    /// Runs `body` against the gateway's router over fresh stores.
    private func withGateway(
        _ body: @Sendable (TestStores, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestStores.with { test in
            let application = buildApplication(
                configuration: try GatewayRouterTests.configuration(), stores: test.stores,
                logger: TestStores.quietLogger)
            try await application.test(.router) { client in try await body(test, client) }
        }
    }

    private func decode<Value: Decodable>(_ type: Value.Type, _ response: TestResponse) throws -> Value {
        try JSONDecoder().decode(type, from: Data(response.body.readableBytesView))
    }

    private func expectProblem(
        _ response: TestResponse, _ status: HTTPResponse.Status, type: String? = nil
    ) throws -> ProblemDetails.Body {
        #expect(response.status == status)
        #expect(response.headers[.contentType] == "application/problem+json")
        let problem = try decode(ProblemDetails.Body.self, response)
        #expect(problem.status == status.code)
        if let type { #expect(problem.type == type) }
        return problem
    }

    // MARK: Authentication

    @Test func requestsWithoutTheRightSecretAre401() async throws {
        try await withGateway { _, client in
            let attempts: [HTTPFields] = [
                [:],
                [.authorization: "Bearer"],
                [.authorization: "Bearer admin-secret-0123456780"],  // same length, last byte differs
                [.authorization: "Bearer admin"],
                [.authorization: "Basic \(Self.secret)"],
            ]
            for headers in attempts {
                try await client.execute(uri: "/api/admin/queues", method: .get, headers: headers) { response in
                    let problem = try expectProblem(
                        response, .unauthorized, type: "urn:auto-prospect:problem:unauthorized")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    #expect(problem.detail?.contains("admin-secret") == false)
                }
            }
            // The scheme is case-insensitive; the secret is not.
            try await client.execute(
                uri: "/api/admin/queues", method: .get, headers: [.authorization: "bearer \(Self.secret)"]
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api/admin/queues", method: .get, headers: [.authorization: "Bearer \(Self.secret.uppercased())"]
            ) { #expect($0.status == .unauthorized) }
        }
    }

    // MARK: Stats and jobs

    @Test func statsListEveryFixedQueueWithItsCounts() async throws {
        try await withGateway { test, client in
            let sms = test.stores.queue(named: "sms")
            _ = try await sms.enqueue([
                JobRequest(name: "sms.send", text: "{}"), JobRequest(name: "sms.send", text: "{}"),
            ])
            try await test.stores.queue(named: "hunt").enqueue(JobRequest(name: "hunt.run", text: "{}"))
            try await client.execute(uri: "/api/admin/queues", method: .get, headers: Self.authorized) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let stats = try decode([QueueStats].self, response)
                #expect(stats.map(\.queue) == ["sms", "voice", "hunt", "scraping", "inbound", "events"])
                let byName = Dictionary(uniqueKeysWithValues: stats.map { ($0.queue, $0) })
                #expect(byName["sms"]?.waiting == 2 && byName["sms"]?.enqueued == 2)
                #expect(byName["hunt"]?.waiting == 1)
                #expect(byName["voice"]?.waiting == 0 && byName["voice"]?.enqueued == 0)
            }
        }
    }

    @Test func oneQueueIncludingAWorkerQueue() async throws {
        try await withGateway { test, client in
            try await test.stores.queue(named: "wa:worker-7").enqueue(JobRequest(name: "wa.start", text: "{}"))
            for path in ["wa:worker-7", "wa%3Aworker-7"] {
                try await client.execute(uri: "/api/admin/queues/\(path)", method: .get, headers: Self.authorized) {
                    #expect($0.status == .ok)
                    let stats = try decode(QueueStats.self, $0)
                    #expect(stats.queue == "wa:worker-7")
                    #expect(stats.waiting == 1)
                }
            }
            try await client.execute(uri: "/api/admin/queues/events", method: .get, headers: Self.authorized) {
                let stats = try decode(QueueStats.self, $0)
                #expect(stats.waiting == 0)
            }
        }
    }

    @Test func unknownQueuesAre404() async throws {
        try await withGateway { _, client in
            let paths = [
                "/api/admin/queues/nope", "/api/admin/queues/wa:", "/api/admin/queues/wa:bad%7Bid%7D",
                "/api/admin/queues/SMS", "/api/admin/queues/nope/jobs/1-0", "/api/admin/queues/nope/dead-letters",
            ]
            for path in paths {
                try await client.execute(uri: path, method: .get, headers: Self.authorized) { response in
                    _ = try expectProblem(response, .notFound, type: "urn:auto-prospect:problem:unknown-queue")
                }
            }
            try await client.execute(
                uri: "/api/admin/queues/nope/dead-letters/1-0/replay", method: .post, headers: Self.authorized
            ) { _ = try expectProblem($0, .notFound, type: "urn:auto-prospect:problem:unknown-queue") }
        }
    }

    @Test func jobStatusByID() async throws {
        try await withGateway { test, client in
            let id = "job-\(UUID().uuidString)"
            try await test.stores.queue(named: "voice").enqueue(
                JobRequest(name: "voice.send", text: "{}", id: id))
            try await client.execute(uri: "/api/admin/queues/voice/jobs/\(id)", method: .get, headers: Self.authorized)
            {
                #expect($0.status == .ok)
                let status = try decode(JobStatus.self, $0)
                #expect(status.id == id)
                #expect(status.state == .waiting)
                #expect(status.name == "voice.send")
            }
            // A job enqueued without an id is known by its stream entry id.
            let untracked = try await test.stores.queue(named: "voice").enqueue(
                JobRequest(name: "voice.send", text: "{}"))
            try await client.execute(
                uri: "/api/admin/queues/voice/jobs/\(untracked.id)", method: .get, headers: Self.authorized
            ) {
                let status = try decode(JobStatus.self, $0)
                #expect(status.id == untracked.id && status.state == .waiting)
            }
            // Known elsewhere is unknown here: job ids are per queue.
            let unknown = [
                "/api/admin/queues/sms/jobs/\(id)", "/api/admin/queues/voice/jobs/no-such-job",
                "/api/admin/queues/voice/jobs/99999999999999999999999-0",  // out of range: Redis would refuse it
                "/api/admin/queues/voice/jobs/" + String(repeating: "x", count: 201),
                "/api/admin/queues/voice/jobs/a%20b",
            ]
            for path in unknown {
                try await client.execute(uri: path, method: .get, headers: Self.authorized) {
                    _ = try expectProblem($0, .notFound, type: "urn:auto-prospect:problem:unknown-job")
                }
            }
        }
    }

    // MARK: Dead letters

    @Test func deadLettersAreListedAndReplayed() async throws {
        try await withGateway { test, client in
            let queue = test.stores.queue(named: "sms")
            let payload: [UInt8] = [0xFF, 0x00, 0x41, 0x7B]  // not UTF-8: base64 must carry it intact
            let job = try await queue.enqueue(
                JobRequest(name: "sms.send", payload: payload, correlationID: "corr-9", accountID: "acct-9"))
            let worker = JobWorker(
                queue: queue,
                options: JobWorkerOptions(
                    consumerName: "test-\(UUID().uuidString.prefix(6))", concurrency: 1,
                    blockTimeout: .milliseconds(100)),
                logger: TestStores.quietLogger, deadLetterRecorder: test.stores.deadLetterRecorder
            ) { _ in throw JobFailure.permanent("invalid phone number") }
            let running = Task { try await worker.run() }
            let recorded = await eventually {
                (try? await test.postgres.query("select 1 from dead_letters where job_id = $1", [job.id]).count) == 1
            }
            worker.shutdown()
            try await running.value
            #expect(recorded)

            let letter = try await client.execute(
                uri: "/api/admin/queues/sms/dead-letters", method: .get, headers: Self.authorized
            ) { response in
                #expect(response.status == .ok)
                let letters = try decode([DeadLetterResource].self, response)
                #expect(letters.count == 1)
                return try #require(letters.first)
            }
            #expect(letter.jobId == job.id && letter.queue == "sms" && letter.name == "sms.send")
            #expect(letter.attempts == 1 && letter.error == "invalid phone number")
            #expect(letter.correlationId == "corr-9" && letter.accountId == "acct-9")
            #expect(Data(base64Encoded: letter.payload) == Data(payload))

            try await client.execute(
                uri: "/api/admin/queues/sms/dead-letters/\(letter.deadLetterId)/replay", method: .post,
                headers: Self.authorized
            ) { response in
                #expect(response.status == .accepted)
                #expect(response.headers[.contentType] == "application/json")
                let accepted = try decode(ReplayAccepted.self, response)
                #expect(accepted == ReplayAccepted(jobId: job.id))
            }
            let stamped = try await test.postgres.query(
                "select replayed_at is not null as replayed from dead_letters where job_id = $1", [job.id])
            #expect(try stamped.map { try $0.decode(Bool.self, "replayed") } == [true])
            let stats = try await queue.stats()
            #expect(stats.dead == 0 && stats.waiting == 1)
            try await client.execute(uri: "/api/admin/queues/sms/dead-letters", method: .get, headers: Self.authorized)
            {
                let letters = try decode([DeadLetterResource].self, $0)
                #expect(letters.isEmpty)
            }
            // Replayed once: the letter is gone. Ids that are not stream ids never reach Redis.
            for id in [letter.deadLetterId, "not-an-id", "1-2-3", "99999999999999999999999-0"] {
                try await client.execute(
                    uri: "/api/admin/queues/sms/dead-letters/\(id)/replay", method: .post, headers: Self.authorized
                ) { _ = try expectProblem($0, .notFound, type: "urn:auto-prospect:problem:unknown-dead-letter") }
            }
        }
    }

    @Test func deadLetterLimitIsHonoured() async throws {
        try await withGateway { test, client in
            let queue = test.stores.queue(named: "scraping", defaultMaxAttempts: 1)
            _ = try await queue.enqueue((0..<3).map { JobRequest(name: "page-\($0)", text: "{}") })
            let worker = JobWorker(
                queue: queue,
                options: JobWorkerOptions(
                    consumerName: "test-\(UUID().uuidString.prefix(6))", concurrency: 2,
                    blockTimeout: .milliseconds(100)),
                logger: TestStores.quietLogger, deadLetterRecorder: test.stores.deadLetterRecorder
            ) { _ in throw JobFailure.transient("provider down") }
            let running = Task { try await worker.run() }
            // The view lists the letters recorded in `dead_letters`.
            let allDead = await eventually {
                (try? await test.postgres.query("select 1 from dead_letters where queue = 'scraping'").count) == 3
            }
            worker.shutdown()
            try await running.value
            #expect(allDead)
            for (limit, expected) in [("1", 1), ("2", 2), ("500", 3)] {
                try await client.execute(
                    uri: "/api/admin/queues/scraping/dead-letters?limit=\(limit)", method: .get,
                    headers: Self.authorized
                ) { response in
                    let letters = try decode([DeadLetterResource].self, response)
                    #expect(letters.count == expected)
                }
            }
        }
    }

    @Test(arguments: ["0", "501", "abc", "", "-1", "1.5"])
    func badLimitsAre400NamingTheParameter(limit: String) async throws {
        try await withGateway { _, client in
            try await client.execute(
                uri: "/api/admin/queues/sms/dead-letters?limit=\(limit)", method: .get, headers: Self.authorized
            ) { response in
                let problem = try expectProblem(
                    response, .badRequest, type: "urn:auto-prospect:problem:invalid-parameter")
                #expect(problem.errors?.map(\.field) == ["limit"])
                #expect(problem.detail?.contains("limit") == true)
            }
        }
    }

    // MARK: Outages

    @Test func aRedisOutageAnswers503NotA500() async throws {
        let stores = try TestStores.unconnected(redisURL: "redis://127.0.0.1:\(ClosedPort.find())/0")
        let application = buildApplication(
            configuration: try GatewayRouterTests.configuration(), stores: stores, logger: TestStores.quietLogger)
        try await application.test(.router) { client in
            try await client.execute(uri: "/api/admin/queues/sms", method: .get, headers: Self.authorized) { response in
                _ = try expectProblem(response, .serviceUnavailable, type: ProblemDetails.storeUnavailableType)
                #expect(response.headers[.retryAfter] == "5")
            }
        }
        await stores.close()
    }
}
