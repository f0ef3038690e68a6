import Foundation
import JobRuntime
import LocalStubServer
import Postgres
import Redis
import TestSupport
import Testing

/// Customer webhooks through the real `gateway` process and a local receiver that verifies Standard Webhooks
/// signatures: URLs that reach private addresses are refused; events of the `events` queue reach the endpoint
/// that wants them, signed, in order, retried after 500s, and all of them through a SIGKILL of the gateway
/// mid-stream (a repeat carries the same `webhook-id`); deliveries and attempts are listed, a replay sends
/// one again; a rotated secret signs beside the old one; deliveries that keep failing die and disable the
/// endpoint, with an event another endpoint receives.
@Suite(.timeLimit(.minutes(3))) struct CustomerWebhookProcessTests {
    static let settings = [
        "AP_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
        "AP_WEBHOOK_RETRY_SCHEDULE": "0.2,0.2,0.4",
        "AP_WEBHOOK_POLL_MILLISECONDS": "50",
        "AP_WEBHOOK_LEASE_SECONDS": "2",
        "AP_WEBHOOK_TIMEOUT_SECONDS": "2",
        "AP_WEBHOOK_DISABLE_AFTER_DEAD": "2",
    ]

    private func object(_ reply: HTTPProbe.Reply) -> [String: Any] { HTTPProbe.object(reply) }

    private func eventually(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool)
        async throws
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServiceProcess.Timeout(what: what)
    }

    /// A gateway's settings on `schema` and a fresh Redis prefix, with the webhook settings above.
    private static func environment(_ schema: TestSchema) -> [String: String] {
        var environment = ServiceProcessTests.storeEnvironment
        environment["AP_DATABASE_URL"] = schema.databaseURL
        environment["AP_REDIS_PREFIX"] = "t-\(TestSchema.randomSuffix(10)):"
        environment["AP_STARTUP_TIMEOUT_SECONDS"] = "20"
        environment["AP_HTTP_PORT"] = "0"
        environment["AP_ADMIN_SECRET"] = WorkerProcessTests.adminSecret
        environment["AP_WORKER_TOKEN"] = WorkerProcessTests.workerToken
        environment["AP_SEALING_KEYS"] = "k1:\(EnvironmentConfigurationTests.sealingKey)"
        environment["AP_SEALING_KEY_ID"] = "k1"
        environment.merge(Self.settings) { $1 }
        return environment
    }

    /// A lead's creation and stage changes (here through the API) reach an endpoint as `lead.stage` events, in
    /// order, from the activities' outbox.
    @Test func leadStageChangesReachTheEndpointAsEvents() async throws {
        let receiver = WebhookReceiver()
        try await LocalStubServer.run(router: receiver.router()) { server in
            let schema = try await TestSchema.create()
            let (gateway, port) = try await startGateway(Self.environment(schema))
            let database = PostgresPool(
                configuration: try PostgresConfiguration(url: schema.databaseURL), logger: TestStores.quietLogger)
            do {
                let (accountID, key) = try await account(port: port)
                let created = object(
                    try await HTTPProbe.send(
                        "POST", port: port, path: "/api/webhooks", bearer: key,
                        json: ["url": server.url("/hook"), "events": ["lead.stage"]]))
                await receiver.trust(try #require(created["secret"] as? String))
                _ = try await database.execute(
                    "insert into ads (account_id, annonce_id, title, phone, raw) values ($1::uuid, 'w-1', 'Clio', '+33612345678', '{}')",
                    [accountID])
                let lead = object(
                    try await HTTPProbe.send("POST", port: port, path: "/api/leads", bearer: key, json: ["adId": "w-1"])
                )
                let leadID = try #require(lead["id"] as? String)
                let moved = try await HTTPProbe.send(
                    "POST", port: port, path: "/api/leads/\(leadID)/stage", bearer: key,
                    json: ["stage": "interested", "note": "Rappeler lundi"])
                #expect(moved.status == 200)
                try await eventually("two lead events") { await receiver.delivered().count == 2 }
                let events = await receiver.received.compactMap { received -> [String: Any]? in
                    let envelope = (try? JSONSerialization.jsonObject(with: Data(received.body.utf8))) as? [String: Any]
                    return envelope?["data"] as? [String: Any]
                }
                #expect(events.map { $0["toStage"] as? String } == ["new", "interested"])
                #expect(events.last?["fromStage"] as? String == "new" && events.last?["leadId"] as? String == leadID)
                #expect(await receiver.received.allSatisfy { $0.verifiedWith == [0] && $0.id.hasPrefix("lead.stage:") })
            } catch {
                gateway.signal(SIGKILL)
                await database.close()
                await schema.drop()
                throw error
            }
            gateway.signal(SIGTERM)
            _ = try? await gateway.waitForExit(timeout: .seconds(20))
            await database.close()
            await schema.drop()
        }
    }

    /// A gateway on `environment`, once it listens: (process, port).
    private func startGateway(_ environment: [String: String]) async throws -> (ServiceProcess, Int) {
        let process = try ServiceProcess(product: "gateway", environment: environment)
        return (process, try await process.loggedInteger("http.port"))
    }

    @Test func eventsReachTheEndpointSignedInOrderRetriedAndThroughAGatewayKill() async throws {
        let receiver = WebhookReceiver()
        try await LocalStubServer.run(router: receiver.router()) { server in
            let schema = try await TestSchema.create()
            let environment = Self.environment(schema)
            let redis = try RedisConfiguration(url: TestEnvironment.redisURL).makeSharedClient()
            let events = JobQueue(name: "events", redis: redis, prefix: environment["AP_REDIS_PREFIX"]!)
            var (gateway, port) = try await startGateway(environment)
            do {
                try await scenario(
                    receiver: receiver, hook: server.url("/hook"), hook2: server.url("/hook2"), events: events,
                    gateway: &gateway, port: &port, environment: environment)
            } catch {
                gateway.signal(SIGKILL)
                await redis.close()
                await schema.drop()
                throw error
            }
            gateway.signal(SIGTERM)
            _ = try? await gateway.waitForExit(timeout: .seconds(20))
            await redis.close()
            await schema.drop()
        }
    }

    private func scenario(
        receiver: WebhookReceiver, hook: String, hook2: String, events: JobQueue, gateway: inout ServiceProcess,
        port: inout Int, environment: [String: String]
    ) async throws {
        let (accountID, key) = try await account(port: port)
        let (otherAccount, otherKey) = try await account(port: port)

        // Bad input: URLs that reach the platform's own network, other schemes, unknown events; nothing stored.
        for (url, events) in [
            ("http://169.254.169.254/latest/meta-data", [String]()), ("http://10.1.2.3/hook", []),
            ("http://[::1]:9/hook", []), ("http://localhost.:9/hook", []), ("ftp://127.0.0.1/hook", []),
            ("http://user:pass@127.0.0.1/hook", []), (hook, ["message.nope"]),
        ] {
            let refused = try await HTTPProbe.send(
                "POST", port: port, path: "/api/webhooks", bearer: key, json: ["url": url, "events": events])
            #expect(refused.status == 422, "\(url)")
            #expect(refused.contentType == "application/problem+json")
            let field = ((object(refused)["errors"] as? [[String: Any]])?.first?["field"] as? String)
            #expect(field == (events.isEmpty ? "url" : "events"), "\(url)")
        }
        #expect(
            (object(try await HTTPProbe.get(port: port, path: "/api/webhooks", bearer: key))["items"] as? [Any])?
                .isEmpty == true)

        let created = try await HTTPProbe.send(
            "POST", port: port, path: "/api/webhooks", bearer: key,
            json: ["url": hook, "events": ["message.status"], "description": "CRM"])
        #expect(created.status == 201)
        let endpoint = object(created)
        let endpointID = try #require(endpoint["id"] as? String)
        let secret = try #require(endpoint["secret"] as? String)
        #expect(secret.hasPrefix("whsec_"))
        await receiver.trust(secret)
        let shown = object(try await HTTPProbe.get(port: port, path: "/api/webhooks/\(endpointID)", bearer: key))
        #expect(shown["secret"] == nil && shown["events"] as? [String] == ["message.status"])
        // A second endpoint that wants only the endpoint-disabled event.
        let watcher = try await HTTPProbe.send(
            "POST", port: port, path: "/api/webhooks", bearer: key,
            json: ["url": hook2, "events": ["webhook.endpoint.disabled"]])
        #expect(watcher.status == 201)

        // 30 events in order (and two the endpoint must not get), the first two attempts answered 500, each
        // answer slow enough that the gateway is killed mid-stream.
        await receiver.answer([500, 500])
        await receiver.slow(.milliseconds(60))
        func event(_ index: Int, name: String = "message.status", account: String? = nil) -> JobRequest {
            JobRequest(
                name: name, text: #"{"messageId":"m-\#(index)","status":"sent","seq":\#(index)}"#, id: "evt-\(index)",
                accountID: account ?? accountID)
        }
        _ = try await events.enqueue([event(0, name: "session.status")] + (1...30).map { event($0) })
        _ = try await events.enqueue(event(99, account: otherAccount))
        try await eventually("ten events delivered") { await receiver.delivered().count >= 10 }
        gateway.signal(SIGKILL)
        _ = try await gateway.waitForExit(timeout: .seconds(10))
        (gateway, port) = try await startGateway(environment)
        try await eventually("all thirty events delivered") { await receiver.delivered().count == 30 }

        let expected = (1...30).map { "evt-\($0)" }
        #expect(await receiver.delivered() == expected, "in order, each at least once")
        let received = await receiver.received.filter { $0.path == "/hook" }
        #expect(
            received.allSatisfy { expected.contains($0.id) },
            "nothing else: not the session event, not another account's")
        #expect(received.allSatisfy { $0.verifiedWith == [0] }, "every request signed with the endpoint's secret")
        let bodies = Dictionary(grouping: received, by: \.id).mapValues { Set($0.map(\.body)) }
        #expect(bodies.values.allSatisfy { $0.count == 1 }, "a repeat is the same webhook-id and body")
        let first = try #require(received.first { $0.id == "evt-1" })
        let envelope = (try? JSONSerialization.jsonObject(with: Data(first.body.utf8))) as? [String: Any]
        #expect(envelope?["type"] as? String == "message.status")
        #expect((envelope?["data"] as? [String: Any])?["seq"] as? Int == 1)
        #expect(abs(first.timestamp - Int(Date().timeIntervalSince1970)) < 120)
        print("webhooks: \(received.count) requests for 30 events (2 answered 500, a SIGKILL in between)")

        // Deliveries, paged newest first, and the first one's attempts: 500, 500, then 204.
        let page1 = object(
            try await HTTPProbe.get(
                port: port, path: "/api/webhooks/\(endpointID)/deliveries?state=succeeded&limit=20", bearer: key))
        let items1 = try #require(page1["items"] as? [[String: Any]])
        let cursor = try #require(page1["nextCursor"] as? String)
        let page2 = object(
            try await HTTPProbe.get(
                port: port, path: "/api/webhooks/\(endpointID)/deliveries?state=succeeded&limit=20&before=\(cursor)",
                bearer: key))
        let items = items1 + (page2["items"] as? [[String: Any]] ?? [])
        #expect(items.compactMap { $0["eventId"] as? String } == expected.reversed())
        let firstDelivery = try #require(items.last?["id"] as? String)
        let detail = object(
            try await HTTPProbe.get(
                port: port, path: "/api/webhooks/\(endpointID)/deliveries/\(firstDelivery)", bearer: key))
        let attempts = try #require(detail["attempts"] as? [[String: Any]])
        #expect(attempts.compactMap { $0["statusCode"] as? Int }.suffix(3) == [500, 500, 204])
        #expect(attempts.allSatisfy { $0["latencyMs"] is Int })
        let badPage = try await HTTPProbe.get(
            port: port, path: "/api/webhooks/\(endpointID)/deliveries?state=lost", bearer: key)
        #expect(badPage.status == 422)

        // A replay sends it again under the same id.
        let before = await receiver.received.count
        let replay = try await HTTPProbe.send(
            "POST", port: port, path: "/api/webhooks/\(endpointID)/deliveries/\(firstDelivery)/replay", bearer: key)
        #expect(replay.status == 202)
        try await eventually("the replay") { await receiver.received.count > before }
        #expect(await receiver.received.last?.id == "evt-1")

        // A rotated secret signs beside the old one during the grace.
        let rotated = object(
            try await HTTPProbe.send(
                "POST", port: port, path: "/api/webhooks/\(endpointID)/rotate-secret", bearer: key))
        let newSecret = try #require(rotated["secret"] as? String)
        #expect(newSecret != secret && rotated["previousSecretValidUntil"] is String)
        await receiver.trust(newSecret)
        // Its first attempt hangs past the 2 s timeout: a timed-out attempt, then a retry that succeeds.
        await receiver.answer([-1])
        _ = try await events.enqueue(event(31))
        try await eventually("the event after the rotation") { await receiver.delivered().last == "evt-31" }
        #expect(await receiver.received.last?.verifiedWith == [0, 1])
        let newest = object(
            try await HTTPProbe.get(
                port: port, path: "/api/webhooks/\(endpointID)/deliveries?limit=1", bearer: key))
        let newestItem = try #require((newest["items"] as? [[String: Any]])?.first)
        #expect(newestItem["eventId"] as? String == "evt-31")
        let timedOut = object(
            try await HTTPProbe.get(
                port: port, path: "/api/webhooks/\(endpointID)/deliveries/\(try #require(newestItem["id"] as? String))",
                bearer: key))
        let tries = (timedOut["attempts"] as? [[String: Any]]) ?? []
        #expect(tries.count == 2 && tries.first?["statusCode"] == nil && tries.last?["statusCode"] as? Int == 204)
        #expect((tries.first?["error"] as? String)?.contains("timed out") == true, "\(tries)")

        // An endpoint that keeps failing: each delivery dies after 4 attempts; two dead in a row disable it,
        // which the watching endpoint is told.
        await receiver.failAlways(true)
        await receiver.slow(.zero)
        _ = try await events.enqueue([event(32), event(33), event(34)])
        try await eventually("the endpoint disabled") {
            object(try await HTTPProbe.get(port: port, path: "/api/webhooks/\(endpointID)", bearer: key))["enabled"]
                as? Bool == false
        }
        let disabled = object(try await HTTPProbe.get(port: port, path: "/api/webhooks/\(endpointID)", bearer: key))
        #expect((disabled["disabledReason"] as? String)?.contains("dead-lettered") == true)
        let dead = object(
            try await HTTPProbe.get(port: port, path: "/api/webhooks/\(endpointID)/deliveries?state=dead", bearer: key))
        #expect((dead["items"] as? [[String: Any]])?.compactMap { $0["eventId"] as? String } == ["evt-33", "evt-32"])
        #expect(await receiver.received.filter { $0.id == "evt-32" }.count == 4)
        await receiver.failAlways(false)
        try await eventually("the disabled event at the other endpoint") {
            await receiver.delivered(path: "/hook2").count == 1
        }
        let notice = try #require(await receiver.received.first { $0.path == "/hook2" })
        #expect(notice.body.contains(#""type":"webhook.endpoint.disabled""#) && notice.body.contains(endpointID))
        // The third waits, pending, until the endpoint is enabled again; then it goes.
        #expect(await receiver.received.contains { $0.id == "evt-34" } == false)
        let enabled = try await HTTPProbe.send(
            "PATCH", port: port, path: "/api/webhooks/\(endpointID)", bearer: key, json: ["enabled": true])
        #expect(object(enabled)["enabled"] as? Bool == true && object(enabled)["disabledReason"] == nil)
        try await eventually("the waiting event after enabling") { await receiver.delivered().last == "evt-34" }

        // The attempts in the gateway's metrics, by outcome only.
        let exported = String(decoding: try await HTTPProbe.get(port: port, path: "/metrics").body, as: UTF8.self)
        #expect(exported.contains(#"ap_webhook_attempts_total{outcome="dead"}"#))
        #expect(exported.contains(#"ap_webhook_attempts_total{outcome="succeeded"}"#))
        #expect(!exported.contains(endpointID) && !exported.contains(accountID) && !exported.contains("/hook"))

        // Another account sees none of it; deleting ends it.
        let foreign = try await HTTPProbe.get(port: port, path: "/api/webhooks/\(endpointID)", bearer: otherKey)
        #expect(foreign.status == 404)
        let deleted = try await HTTPProbe.send("DELETE", port: port, path: "/api/webhooks/\(endpointID)", bearer: key)
        #expect(deleted.status == 204)
        #expect(try await HTTPProbe.get(port: port, path: "/api/webhooks/\(endpointID)", bearer: key).status == 404)
    }

    private func account(port: Int) async throws -> (String, String) {
        try await HTTPProbe.account(port: port, name: "webhooks")
    }
}
