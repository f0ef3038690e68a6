import Foundation
import OutboundHTTP

/// One measurement: starts the services, makes an account, warms up, then times `--n` messages.
struct SMSBenchRun: Sendable {
    static let adminSecret = "bench-admin-secret-0123456789"
    static let twilioSID = "AC" + String(repeating: "b2", count: 16)

    let options: SMSBenchOptions
    let client: OutboundHTTPClient
    let stub: CountingProviderStub
    let processes: ServiceProcesses

    var api: String { "http://127.0.0.1:\(options.httpPort)" }

    func start(stubURL: String) throws {
        let common = [
            "AP_REDIS_URL": options.redisURL, "AP_DATABASE_URL": options.databaseURL, "AP_LOG_LEVEL": "warning",
            "AP_SEALING_KEYS": "b1:" + Data((0..<32).map { UInt8($0 * 7 % 256) }).base64EncodedString(),
            "AP_SEALING_KEY_ID": "b1", "AP_REDIS_PREFIX": "bench\(Int.random(in: 0..<1_000_000)):",
        ]
        try processes.start(
            "\(options.binPath)/gateway",
            environment: common.merging([
                "AP_HTTP_PORT": "\(options.httpPort)", "AP_ADMIN_SECRET": Self.adminSecret,
                "AP_WORKER_TOKEN": "bench-worker",
            ]) { $1 }, log: "\(options.logDirectory)/gateway.log")
        try processes.start(
            "\(options.binPath)/sms-sender",
            environment: common.merging([
                "AP_HEALTH_PORT": "\(options.httpPort + 2)", "AP_TWILIO_BASE_URL": stubURL,
                "AP_CONCURRENCY": "\(options.senderConcurrency)", "AP_SMS_RATE_BURST": "10000",
                "AP_SMS_RATE_PER_SECOND": "10000",
            ]) { $1 }, log: "\(options.logDirectory)/sms-sender.log")
    }

    func measure() async throws {
        try await waitUntilReady()
        let key = try await makeAccount()
        let warmUp = min(200, options.messages)
        _ = try await post(warmUp, label: "warm-up", key: key)
        try await waitForStub(count: warmUp)

        let started = ContinuousClock.now
        var latencies = try await post(options.messages, label: "bench", key: key)
        let acceptedIn = ContinuousClock.now - started
        try await waitForStub(count: warmUp + options.messages)
        let lastIn = stub.lastArrival - started

        latencies.sort()
        let seconds = { (duration: Duration) in
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        func percentile(_ p: Double) -> Double {
            seconds(latencies[min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.down)))]) * 1000
        }
        let result: [String: Any] = [
            "messages": options.messages, "api_concurrency": options.concurrency,
            "sender_concurrency": options.senderConcurrency,
            "accepted_per_s": (Double(options.messages) / seconds(acceptedIn)).rounded(),
            "accept_p50_ms": (percentile(0.50) * 100).rounded() / 100,
            "accept_p99_ms": (percentile(0.99) * 100).rounded() / 100,
            "last_at_stub_s": (seconds(lastIn) * 100).rounded() / 100,
            "sent_per_s": (Double(options.messages) / seconds(lastIn)).rounded(),
        ]
        let line = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print("RESULT " + String(decoding: line, as: UTF8.self))
    }

    // MARK: Steps

    private func waitUntilReady() async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if let reply = try? await call(.get, "/ready"), reply.statusCode == 200 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw SMSBenchError("the gateway did not become ready (see \(options.logDirectory)/gateway.log)")
    }

    private func makeAccount() async throws -> String {
        let account = try await json(.post, "/api/admin/accounts", bearer: Self.adminSecret, ["name": "bench"])
        let id = try (account["id"] as? String).orThrow("no account id")
        let issued = try await json(
            .post, "/api/admin/accounts/\(id)/api-keys", bearer: Self.adminSecret, ["name": "bench"])
        let key = try (issued["key"] as? String).orThrow("no api key")
        _ = try await json(
            .post, "/api/admin/accounts/\(id)/credits", bearer: Self.adminSecret,
            ["channel": "sms", "amount": options.messages + 1_000])
        let stored = try await call(
            .put, "/api/channels/sms/credentials/twilio", bearer: key,
            body: ["accountSid": Self.twilioSID, "authToken": "bench-token", "from": "+15017122661"])
        guard stored.statusCode == 204 else { throw SMSBenchError("credentials: HTTP \(stored.statusCode)") }
        return key
    }

    /// Posts `count` messages, `options.concurrency` at a time; returns each accept's latency.
    private func post(_ count: Int, label: String, key: String) async throws -> [Duration] {
        try await withThrowingTaskGroup(of: Duration.self) { group in
            var next = 0
            var latencies: [Duration] = []
            latencies.reserveCapacity(count)
            func add() {
                let index = next
                next += 1
                group.addTask {
                    let started = ContinuousClock.now
                    let reply = try await call(
                        .post, "/api/phone/sms", bearer: key,
                        body: ["recipient": "+336\(String(format: "%08d", index))", "text": "\(label) \(index)"])
                    guard reply.statusCode == 202 else { throw SMSBenchError("send: HTTP \(reply.statusCode)") }
                    return ContinuousClock.now - started
                }
            }
            while next < min(options.concurrency, count) { add() }
            while let latency = try await group.next() {
                latencies.append(latency)
                if next < count { add() }
            }
            return latencies
        }
    }

    private func waitForStub(count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(900)
        while stub.count < count {
            guard processes.allRunning else {
                throw SMSBenchError("a service exited (see the logs in \(options.logDirectory))")
            }
            guard ContinuousClock.now < deadline else {
                throw SMSBenchError("only \(stub.count) of \(count) messages reached the provider stub")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    // MARK: HTTP

    private func call(
        _ method: OutboundRequest.Method, _ path: String, bearer: String? = nil, body: [String: Any]? = nil
    ) async throws -> OutboundResponse {
        var request = OutboundRequest(method: method, url: api + path, totalTimeout: .seconds(30))
        if let bearer { request.setBearerToken(bearer) }
        if let body {
            request.setBody(Array(try JSONSerialization.data(withJSONObject: body)), contentType: "application/json")
        }
        return try await client.send(request)
    }

    private func json(
        _ method: OutboundRequest.Method, _ path: String, bearer: String, _ body: [String: Any]
    ) async throws -> [String: Any] {
        let reply = try await call(method, path, bearer: bearer, body: body)
        guard (200...299).contains(reply.statusCode) else { throw SMSBenchError("\(path): HTTP \(reply.statusCode)") }
        return (try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]) ?? [:]
    }
}

extension Optional {
    func orThrow(_ why: String) throws -> Wrapped {
        guard let self else { throw SMSBenchError(why) }
        return self
    }
}
