import Foundation
import LocalStubServer
import TestSupport
import Testing

/// One owner per WhatsApp session when a worker is cut off from the gateway only: its heartbeats go through a
/// ``FreezableTCPProxy`` while its Redis, Postgres and Meta links stay up. Each worker runs Cloud API sessions
/// against a Graph API stub of its own, so the stubs see which worker runs the session, and when.
@Suite(.timeLimit(.minutes(4))) struct SessionFencingProcessTests {
    static let phoneNumberID = "106540352242922"

    private func stub() -> GraphAPIStub {
        GraphAPIStub(
            phoneNumberID: Self.phoneNumberID, displayPhoneNumber: "1 555-078-3881",
            token: CloudSessionProcessTests.token, appSecret: CloudSessionProcessTests.appSecret)
    }

    @Test func aWorkerCutOffFromTheGatewayStopsItsSessionBeforeAnotherStartsItAndNeverTakesItBack() async throws {
        let stubA = stub()
        let stubB = stub()
        try await LocalStubServer.run(router: stubA.router()) { graphA in
            try await LocalStubServer.run(router: stubB.router()) { graphB in
                // 2 s heartbeats: the gateway lapses a worker 6 s after its last heartbeat, the worker fences at 4 s.
                try await WorkerProcessTests.withGateway(heartbeatSeconds: 2) { port, environment in
                    let proxy = try FreezableTCPProxy(upstreamPort: port)
                    defer { proxy.close() }
                    try await run(
                        port: port, proxy: proxy, environment: environment, stubs: (stubA, stubB),
                        graph: (graphA.url("/v21.0"), graphB.url("/v21.0")))
                }
            }
        }
    }

    private func run(
        port: Int, proxy: FreezableTCPProxy, environment: [String: String], stubs: (GraphAPIStub, GraphAPIStub),
        graph: (String, String)
    ) async throws {
        let probe = SessionProbe(port: port, environment: environment)
        func worker(graph: String, gateway: Int) -> [String: String] {
            [
                "AP_GATEWAY_URL": "http://127.0.0.1:\(gateway)", "AP_WA_CLOUD_API_URL": graph,
                // A keep-alive check every second: the stub sees the session running.
                "AP_WA_WATCHDOG_SECONDS": "3", "AP_PROVIDER_TIMEOUT_SECONDS": "2",
                "AP_WA_CLOUD_LOOKUP_GRACE_SECONDS": "4", "AP_WA_MIN_GAP_SECONDS": "0", "AP_WA_JITTER_SECONDS": "0",
            ]
        }
        let (stubA, stubB) = stubs
        // Only A's traffic to the gateway goes through the proxy.
        let (workerA, a) = try await probe.startWorker(worker(graph: graph.0, gateway: proxy.port))
        let (accountID, key) = try await cloudAccount(port: port)
        for stub in [stubA, stubB] { await stub.deliverWebhooks(port: port, path: "/webhooks/whatsapp/\(accountID)") }
        let created = try await HTTPProbe.send(
            "POST", port: port, path: "/api/sessions", bearer: key,
            json: [
                "name": "fenced", "engine": "cloud",
                "cloud": ["phoneNumberId": Self.phoneNumberID, "accessToken": CloudSessionProcessTests.token],
            ])
        let session = try #require(SessionProbe.object(created)["id"] as? String)
        let onA = try await probe.session(session, key: key, is: "connected")
        #expect(onA["workerId"] as? String == a)
        let (workerB, b) = try await probe.startWorker(worker(graph: graph.1, gateway: port))

        var messages: [String] = []
        func send(_ count: Int) async throws {
            for _ in 0..<count {
                let index = messages.count
                let reply = try await HTTPProbe.send(
                    "POST", port: port, path: "/api/sessions/\(session)/send", bearer: key,
                    json: ["to": "+336123457\(String(format: "%02d", index))", "text": "Bonjour \(index)"])
                #expect(reply.status == 202)
                messages.append(try #require(SessionProbe.object(reply)["messageId"] as? String))
            }
        }
        try await send(2)

        // Cut A off from the gateway. Messages sent now go to A's queue: A sends them while it still owns the
        // session, or, once fenced, leaves them to the worker the failover picks.
        proxy.freeze()
        try await send(2)
        #expect(
            try await eventually(timeout: .seconds(30), every: .milliseconds(50)) {
                workerA.standardOutput.contains("fence closed")
            }, "A never fenced itself")
        try await send(2)
        let onB = try await probe.session(session, key: key) {
            $0["workerId"] as? String == b && $0["status"] as? String == "connected"
        }
        #expect(onB["workerId"] as? String == b)
        try await send(2)
        for id in messages { try await probe.message(id, key: key, is: "read") }

        // The stubs' view: A's last request (keep-alive or send) came before B's first.
        let lastOnA = try #require(await stubA.requestTimes.last)
        let firstOnB = try #require(await stubB.requestTimes.first)
        #expect(lastOnA < firstOnB, "A ran the session until \(lastOnA), B from \(firstOnB)")
        // The logs' view: A closed the session before B started it.
        let closedOnA = try #require(
            logTime(workerA, session: session) {
                $0["message"] as? String == "session closed: heartbeats not accepted in time"
            })
        let startedOnB = try #require(
            logTime(workerB, session: session) { $0["session.status"] as? String == "starting" })
        #expect(closedOnA < startedOnB)

        // Thawed, A heartbeats again but does not take the session back.
        proxy.thaw()
        let thawed = ContinuousClock.now
        _ = try await WorkerProcessTests.worker(a, port: port) { $0["status"] as? String == "online" }
        try await Task.sleep(for: .seconds(6))
        try await send(2)
        for id in messages { try await probe.message(id, key: key, is: "read") }
        #expect(await stubA.requestTimes.allSatisfy { $0 < thawed })
        let stillOnB = try await probe.session(session, key: key) { _ in true }
        #expect(stillOnB["workerId"] as? String == b && stillOnB["status"] as? String == "connected")
        let registryA = try await WorkerProcessTests.worker(a, port: port) { _ in true }
        #expect(registryA["status"] as? String == "online" && registryA["sessions"] as? Int == 0)

        // Every message reached Meta exactly once, over both workers.
        var counts = await stubA.takenCountsByMessage()
        counts.merge(await stubB.takenCountsByMessage()) { $0 + $1 }
        for id in messages { #expect(counts[id] == 1, "message \(id) taken \(counts[id] ?? 0) times") }
        #expect(try await invariantViolations(port: port).isEmpty)

        for process in [workerA, workerB] {
            process.signal(SIGTERM)
            _ = try await process.waitForExit(timeout: .seconds(15))
        }
    }

    /// An account with WhatsApp credits and Cloud API webhook credentials: (account id, API key).
    private func cloudAccount(port: Int) async throws -> (String, String) {
        let admin = WorkerProcessTests.adminSecret
        let created = SessionProbe.object(
            try await HTTPProbe.send(
                "POST", port: port, path: "/api/admin/accounts", bearer: admin, json: ["name": "f"]))
        let id = try #require(created["id"] as? String)
        let key = try #require(
            SessionProbe.object(
                try await HTTPProbe.send(
                    "POST", port: port, path: "/api/admin/accounts/\(id)/api-keys", bearer: admin, json: ["name": "k"])
            )["key"] as? String)
        _ = try await HTTPProbe.send(
            "POST", port: port, path: "/api/admin/accounts/\(id)/credits", bearer: admin,
            json: ["channel": "whatsapp", "amount": 20])
        let stored = try await HTTPProbe.send(
            "PUT", port: port, path: "/api/channels/whatsapp/credentials/cloud", bearer: key,
            json: [
                "appSecret": CloudSessionProcessTests.appSecret, "verifyToken": CloudSessionProcessTests.verifyToken,
            ])
        #expect(stored.status == 204)
        return (id, key)
    }

    /// The timestamp of the process's first log line about `session` that matches (ISO 8601 in UTC with
    /// milliseconds, so the strings order as the instants do).
    private func logTime(_ process: ServiceProcess, session: String, _ matches: ([String: Any]) -> Bool) -> String? {
        process.logLines.first { ($0["session.id"] as? String)?.lowercased() == session && matches($0) }?["timestamp"]
            as? String
    }

    /// `GET /api/admin/invariants`: the violations, empty when every invariant holds (waits up to 10 s for a
    /// clean report).
    private func invariantViolations(port: Int) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let reply = try await HTTPProbe.get(
                port: port, path: "/api/admin/invariants", bearer: WorkerProcessTests.adminSecret)
            let report = SessionProbe.object(reply)
            if reply.status == 200, report["ok"] as? Bool == true { return [] }
            if ContinuousClock.now >= deadline {
                return report["violations"] as? [[String: Any]] ?? [["status": reply.status]]
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
