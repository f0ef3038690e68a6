import Foundation
import Postgres
import Redis
import TestSupport
import Testing

/// WhatsApp sessions with real processes: the gateway places a session on a `whatsapp-gateway` worker, the
/// worker runs the sandbox engine (QR refs rotating in Redis with their TTL), the admin "phone" scans, the
/// session connects with its auth state sealed in Postgres; QR expiry, logout, isolation and capacity.
@Suite(.timeLimit(.minutes(3))) struct SessionProcessTests {
    /// JSON body of `reply` as an object.
    private func object(_ reply: HTTPProbe.Reply) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: reply.body)) as? [String: Any] ?? [:]
    }

    /// An account and its API key, made through the admin API.
    private func account(port: Int) async throws -> String {
        let admin = WorkerProcessTests.adminSecret
        let created = object(
            try await HTTPProbe.send(
                "POST", port: port, path: "/api/admin/accounts", bearer: admin, json: ["name": "wa"]))
        let id = try #require(created["id"] as? String)
        let issued = object(
            try await HTTPProbe.send(
                "POST", port: port, path: "/api/admin/accounts/\(id)/api-keys", bearer: admin, json: ["name": "k"]))
        return try #require(issued["key"] as? String)
    }

    /// A whatsapp-gateway with a fresh id, once it is online.
    private func startWorker(port: Int, environment: [String: String]) async throws -> (ServiceProcess, String) {
        var settings = environment
        let workerID = "wa-\(TestSchema.randomSuffix(8))"
        settings["AP_WORKER_ID"] = workerID
        let worker = try ServiceProcess(product: "whatsapp-gateway", environment: settings)
        _ = try await WorkerProcessTests.worker(workerID, port: port) { $0["status"] as? String == "online" }
        return (worker, workerID)
    }

    /// Polls the session until `condition` holds.
    private func session(
        _ id: String, port: Int, key: String, until condition: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(30)
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            last = object(try await HTTPProbe.get(port: port, path: "/api/sessions/\(id)", bearer: key))
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServiceProcess.Timeout(what: "session \(id) to match; last seen \(last)")
    }

    @Test func aSandboxSessionShowsRotatingQRCodesConnectsOnScanAndLogsOut() async throws {
        try await WorkerProcessTests.withGateway { port, environment in
            var settings = environment
            let workerID = "wa-\(TestSchema.randomSuffix(8))"
            settings["AP_WORKER_ID"] = workerID
            settings["AP_MAX_SESSIONS"] = "3"
            // 4 s, then 2 s refs, 12 s in all: room for the steps below on a loaded machine before the scan.
            settings["AP_QR_FIRST_SECONDS"] = "4"
            settings["AP_QR_NEXT_SECONDS"] = "2"
            settings["AP_QR_REFS"] = "5"
            let worker = try ServiceProcess(product: "whatsapp-gateway", environment: settings)
            _ = try await WorkerProcessTests.worker(workerID, port: port) { $0["status"] as? String == "online" }
            let redis = try RedisConfiguration(url: TestEnvironment.redisURL, poolSize: 1).makeSharedClient()
            defer { Task { await redis.close() } }
            let prefix = settings["AP_REDIS_PREFIX"] ?? ""
            let key = try await account(port: port)

            // Created and placed on the only live worker.
            let created = try await HTTPProbe.send(
                "POST", port: port, path: "/api/sessions", bearer: key, json: ["name": "sales-1"])
            #expect(created.status == 201)
            let id = try #require(object(created)["id"] as? String)
            #expect(object(created)["workerId"] as? String == workerID)
            #expect(try await redis.send("HGET", "\(prefix)wa:routes", id).string == workerID)

            // QR in Redis with the ref's TTL, and through the API.
            _ = try await session(id, port: port, key: key) { $0["status"] as? String == "qr_required" }
            let qrKey = "\(prefix)wa:qr:\(id)"
            let ttl = try #require(try await redis.send("PTTL", qrKey).int)
            #expect(ttl > 0 && ttl <= 4_000)
            let first = object(try await HTTPProbe.get(port: port, path: "/api/sessions/\(id)/qr", bearer: key))
            let firstQR = try #require(first["qr"] as? String)
            #expect(firstQR.hasPrefix("2@") && firstQR.split(separator: ",").count == 4)
            #expect(try await redis.send("GET", qrKey).string == firstQR)
            #expect((first["svg"] as? String)?.hasPrefix("<svg") == true)

            // As an image: a real decoder reads the same string back.
            let png = try await HTTPProbe.get(port: port, path: "/api/sessions/\(id)/qr?format=png", bearer: key)
            #expect(png.status == 200 && png.contentType == "image/png")
            let image = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(id).png")
            let decoded = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(id).txt")
            try png.body.write(to: image)
            let zbar = try ChildProcess(
                executable: "/usr/bin/zbarimg", arguments: ["--raw", "-q", "--nodbus", image.path],
                logPath: decoded.path)
            #expect(await zbar.exited() == 0)
            let text = try String(contentsOf: decoded, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(text == firstQR || text.split(separator: ",").count == 4)
            try? FileManager.default.removeItem(at: image)
            try? FileManager.default.removeItem(at: decoded)
            #expect(
                try await HTTPProbe.get(port: port, path: "/api/sessions/\(id)/qr?format=gif", bearer: key).status
                    == 400)

            // The next ref replaces it (2 s life).
            let deadline = ContinuousClock.now + .seconds(10)
            var rotated: String?
            while ContinuousClock.now < deadline, rotated == nil {
                if let qr = try await redis.send("GET", qrKey).string, qr != firstQR { rotated = qr }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(rotated != nil)
            #expect(try #require(try await redis.send("PTTL", qrKey).int) <= 2_000)

            // Another account cannot see it.
            let other = try await account(port: port)
            #expect(try await HTTPProbe.get(port: port, path: "/api/sessions/\(id)", bearer: other).status == 404)
            #expect(try await HTTPProbe.get(port: port, path: "/api/sessions/\(id)/qr", bearer: other).status == 404)

            // The phone scans: connected, QR gone, auth state sealed.
            let scan = try await HTTPProbe.send(
                "POST", port: port, path: "/api/admin/sessions/\(id)/scan", bearer: WorkerProcessTests.adminSecret)
            #expect(scan.status == 202)
            let connected = try await session(id, port: port, key: key) { $0["status"] as? String == "connected" }
            let phone = try #require(connected["phone"] as? String)
            #expect(try await HTTPProbe.get(port: port, path: "/api/sessions/\(id)/qr", bearer: key).status == 404)
            #expect(try await redis.send("EXISTS", qrKey).int == 0)

            // Logout drops the session's credentials.
            let logout = try await HTTPProbe.send("POST", port: port, path: "/api/sessions/\(id)/logout", bearer: key)
            #expect(logout.status == 202)
            _ = try await session(id, port: port, key: key) { $0["status"] as? String == "logged_out" }
            #expect(!phone.isEmpty)

            // Every transition was published on `events`.
            // (The gateway's events consumer acknowledges and trims them, so the counter is what is checked.)
            let events = Int(try await redis.send("HGET", "\(prefix){q:events}:counters", "enqueued").string ?? "") ?? 0
            #expect(events >= 5)

            worker.signal(SIGTERM)
            _ = try await worker.waitForExit(timeout: .seconds(15))
        }
    }

    @Test func unscannedRefsRunOutToFailedAndAFullWorkerAnswers503() async throws {
        try await WorkerProcessTests.withGateway { port, environment in
            var settings = environment
            let workerID = "wa-\(TestSchema.randomSuffix(8))"
            settings["AP_WORKER_ID"] = workerID
            settings["AP_MAX_SESSIONS"] = "1"
            settings["AP_QR_FIRST_SECONDS"] = "1"
            settings["AP_QR_NEXT_SECONDS"] = "0.5"
            settings["AP_QR_REFS"] = "2"
            let worker = try ServiceProcess(product: "whatsapp-gateway", environment: settings)
            _ = try await WorkerProcessTests.worker(workerID, port: port) { $0["status"] as? String == "online" }
            let key = try await account(port: port)

            let created = try await HTTPProbe.send(
                "POST", port: port, path: "/api/sessions", bearer: key, json: ["name": "a"])
            let id = try #require(object(created)["id"] as? String)
            // The worker's only slot is taken: the next one is refused and nothing is stored.
            let full = try await HTTPProbe.send(
                "POST", port: port, path: "/api/sessions", bearer: key, json: ["name": "b"])
            #expect(full.status == 503)
            #expect(object(full)["type"] as? String == "urn:auto-prospect:problem:no-worker-capacity")
            let listed = try await HTTPProbe.get(port: port, path: "/api/sessions", bearer: key)
            #expect(((try? JSONSerialization.jsonObject(with: listed.body)) as? [Any])?.count == 1)

            let failed = try await session(id, port: port, key: key) { $0["status"] as? String == "failed" }
            #expect((failed["lastError"] as? String)?.contains("QR") == true)
            // The failed session no longer holds the slot.
            let again = try await HTTPProbe.send(
                "POST", port: port, path: "/api/sessions", bearer: key, json: ["name": "b"])
            #expect(again.status == 201)

            worker.signal(SIGTERM)
            _ = try await worker.waitForExit(timeout: .seconds(15))
        }
    }

    @Test func sessionsOfAKilledWorkerResumeElsewhereAndAGracefulStopHandsThemOver() async throws {
        try await WorkerProcessTests.withGateway { port, environment in
            func start(_ id: String) throws -> ServiceProcess {
                var settings = environment
                settings["AP_WORKER_ID"] = id
                settings["AP_MAX_SESSIONS"] = "10"
                return try ServiceProcess(product: "whatsapp-gateway", environment: settings)
            }
            let suffix = TestSchema.randomSuffix(6)
            let (a, b, c) = ("wa-a-\(suffix)", "wa-b-\(suffix)", "wa-c-\(suffix)")
            let workerA = try start(a)
            let workerB = try start(b)
            for id in [a, b] {
                _ = try await WorkerProcessTests.worker(id, port: port) { $0["status"] as? String == "online" }
            }
            let key = try await account(port: port)
            var ids: [String] = []
            for index in 0..<4 {
                let created = try await HTTPProbe.send(
                    "POST", port: port, path: "/api/sessions", bearer: key, json: ["name": "s\(index)"])
                ids.append(try #require(object(created)["id"] as? String))
            }
            for id in ids {
                _ = try await session(id, port: port, key: key) { $0["status"] as? String == "qr_required" }
                _ = try await HTTPProbe.send(
                    "POST", port: port, path: "/api/admin/sessions/\(id)/scan", bearer: WorkerProcessTests.adminSecret)
                _ = try await session(id, port: port, key: key) { $0["status"] as? String == "connected" }
            }
            var onA: [String] = []
            for id in ids {
                let current = try await session(id, port: port, key: key) { _ in true }
                if current["workerId"] as? String == a { onA.append(id) }
            }
            // Placement spreads sessions over both workers.
            #expect(!onA.isEmpty && onA.count < ids.count)

            // SIGKILL A: within three 1 s heartbeat intervals (plus margin) its sessions run on B, resumed
            // from their sealed auth state without a new scan.
            let killed = ContinuousClock.now
            workerA.signal(SIGKILL)
            for id in onA {
                let moved = try await session(id, port: port, key: key) {
                    $0["workerId"] as? String == b && $0["status"] as? String == "connected"
                }
                #expect(moved["workerId"] as? String == b)
            }
            let failoverTime = ContinuousClock.now - killed
            print("failover: \(onA.count) sessions connected on another worker \(failoverTime) after SIGKILL")
            #expect(failoverTime < .seconds(20))

            // A graceful stop of B hands everything to C at once.
            let workerC = try start(c)
            _ = try await WorkerProcessTests.worker(c, port: port) { $0["status"] as? String == "online" }
            workerB.signal(SIGTERM)
            for id in ids {
                _ = try await session(id, port: port, key: key) {
                    $0["workerId"] as? String == c && $0["status"] as? String == "connected"
                }
            }
            _ = try await workerB.waitForExit(timeout: .seconds(15))
            workerC.signal(SIGTERM)
            _ = try await workerC.waitForExit(timeout: .seconds(15))
        }
    }

    @Test func aConnectedSessionSendsWithReceiptsPacingAndCredits() async throws {
        try await WorkerProcessTests.withGateway { port, environment in
            let (worker, _) = try await startWorker(port: port, environment: environment)
            let admin = WorkerProcessTests.adminSecret
            let created = object(
                try await HTTPProbe.send(
                    "POST", port: port, path: "/api/admin/accounts", bearer: admin, json: ["name": "s"]))
            let accountID = try #require(created["id"] as? String)
            let key = try #require(
                object(
                    try await HTTPProbe.send(
                        "POST", port: port, path: "/api/admin/accounts/\(accountID)/api-keys", bearer: admin,
                        json: ["name": "k"]))["key"] as? String)
            _ = try await HTTPProbe.send(
                "POST", port: port, path: "/api/admin/accounts/\(accountID)/credits", bearer: admin,
                json: ["channel": "whatsapp", "amount": 10])
            let session = object(
                try await HTTPProbe.send(
                    "POST", port: port, path: "/api/sessions", bearer: key,
                    json: ["name": "paced", "pacing": ["minGapSeconds": 1, "jitterSeconds": 0, "dailyCap": 2]]))
            let sessionID = try #require(session["id"] as? String)
            _ = try await self.session(sessionID, port: port, key: key) { $0["status"] as? String == "qr_required" }
            _ = try await HTTPProbe.send(
                "POST", port: port, path: "/api/admin/sessions/\(sessionID)/scan", bearer: admin)
            let connected = try await self.session(sessionID, port: port, key: key) {
                $0["status"] as? String == "connected"
            }
            let phone = try #require(connected["phone"] as? String)

            // Bad input is refused before anything is stored.
            let badMedia = try await HTTPProbe.send(
                "POST", port: port, path: "/api/sessions/\(sessionID)/send", bearer: key,
                json: ["to": "+33612345678", "media": ["type": "gif", "url": "ftp://x"]])
            #expect(badMedia.status == 422)
            let unknownSender = try await HTTPProbe.send(
                "POST", port: port, path: "/api/whatsapp/text", bearer: key,
                json: ["senderPhone": "+33700000000", "recipientPhone": "+33612345678", "message": "x"])
            #expect(unknownSender.status == 404)

            // Three sends: a text, an image by URL, and one through the compatibility route.
            var ids: [String] = []
            for body: [String: Any] in [
                ["to": "06 12 34 56 78", "text": "Bonjour"],
                [
                    "to": "+33612345679",
                    "media": ["type": "image", "url": "https://example.test/car.jpg", "caption": "208"],
                ],
            ] {
                let reply = try await HTTPProbe.send(
                    "POST", port: port, path: "/api/sessions/\(sessionID)/send", bearer: key, json: body)
                #expect(reply.status == 202)
                ids.append(try #require(object(reply)["messageId"] as? String))
            }
            let compat = try await HTTPProbe.send(
                "POST", port: port, path: "/api/whatsapp/text", bearer: key,
                json: ["senderPhone": phone, "recipientPhone": "+33612345670", "message": "Toujours dispo ?"])
            #expect(compat.status == 202)
            ids.append(try #require(object(compat)["messageId"] as? String))

            // Two of the three go out (the pace allows one per second) and are delivered then read; the daily
            // cap (2) holds the third, whichever it is (jobs of one session are not ordered).
            var statuses: [String: [String: Any]] = [:]
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                for id in ids {
                    statuses[id] = object(try await HTTPProbe.get(port: port, path: "/api/messages/\(id)", bearer: key))
                }
                if statuses.values.filter({ $0["status"] as? String == "read" }).count == 2 { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            let read = statuses.values.filter { $0["status"] as? String == "read" }
            #expect(read.count == 2)
            for message in read {
                let history = message["history"] as? [[String: Any]] ?? []
                // `queued` is missing when the worker sent it before the gateway marked it queued.
                let path = history.compactMap { $0["status"] as? String }.filter { $0 != "queued" }
                #expect(path == ["pending", "sent", "delivered", "read"])
            }
            try await Task.sleep(for: .seconds(2))
            var held = 0
            for id in ids {
                let message = object(try await HTTPProbe.get(port: port, path: "/api/messages/\(id)", bearer: key))
                if message["status"] as? String == "queued" { held += 1 }
            }
            #expect(held == 1)

            let credits =
                (try? JSONSerialization.jsonObject(
                    with: try await HTTPProbe.get(port: port, path: "/api/credits", bearer: key).body))
                as? [[String: Any]]
            let whatsapp = credits?.first { $0["channel"] as? String == "whatsapp" }
            #expect(whatsapp?["committed"] as? Int == 2)
            #expect(whatsapp?["held"] as? Int == 1)

            worker.signal(SIGTERM)
            _ = try await worker.waitForExit(timeout: .seconds(15))
        }
    }

    @Test func serverSentEventsFollowTheSessionThroughQRAndConnection() async throws {
        try await WorkerProcessTests.withGateway { port, environment in
            let (worker, _) = try await startWorker(port: port, environment: environment)
            let key = try await account(port: port)
            let created = try await HTTPProbe.send(
                "POST", port: port, path: "/api/sessions", bearer: key, json: ["name": "sse"])
            let id = try #require(object(created)["id"] as? String)
            _ = try await session(id, port: port, key: key) { $0["status"] as? String == "qr_required" }

            // curl is the SSE client: it prints the stream until --max-time.
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("sse-\(id).txt")
            let curl = try ChildProcess(
                executable: "/usr/bin/curl",
                arguments: [
                    "-sN", "--max-time", "6", "-H", "Authorization: Bearer \(key)",
                    "http://127.0.0.1:\(port)/api/sessions/\(id)/events",
                ], logPath: output.path)
            defer { try? FileManager.default.removeItem(at: output) }
            // The first event is written after the stream subscribed: from then on nothing is missed.
            #expect(try await eventually(timeout: .seconds(20)) { Self.hasFirstEvent(output) })
            _ = try await HTTPProbe.send(
                "POST", port: port, path: "/api/admin/sessions/\(id)/scan", bearer: WorkerProcessTests.adminSecret)
            _ = await curl.exited()
            let stream = try String(contentsOf: output, encoding: .utf8)
            #expect(stream.hasPrefix("event: session\ndata: {"))
            #expect(stream.contains("\"status\":\"qr_required\""))
            #expect(stream.contains("event: session.status\n"))
            #expect(stream.contains("\"status\":\"connected\""))
            // The QR string itself never travels in events.
            #expect(!stream.contains("2@"))

            // Another account gets 404, not a stream.
            let other = try await account(port: port)
            #expect(
                try await HTTPProbe.get(port: port, path: "/api/sessions/\(id)/events", bearer: other).status == 404)
            worker.signal(SIGTERM)
            _ = try await worker.waitForExit(timeout: .seconds(15))
        }
    }

    @Test func aWorkerClosesASessionThatWasMovedAwayFromIt() async throws {
        try await WorkerProcessTests.withGateway { port, environment in
            let (worker, workerID) = try await startWorker(port: port, environment: environment)
            let key = try await account(port: port)
            let created = try await HTTPProbe.send(
                "POST", port: port, path: "/api/sessions", bearer: key, json: ["name": "moved"])
            let id = try #require(object(created)["id"] as? String)
            _ = try await session(id, port: port, key: key) { $0["status"] as? String == "qr_required" }
            _ = try await WorkerProcessTests.worker(workerID, port: port) { $0["sessions"] as? Int == 1 }

            // As if the gateway had moved it while this worker was cut off, to a worker that is alive, so the
            // gateway's failover leaves it there. The live key comes first: a failover pass between the two
            // writes would otherwise see the session on a dead worker and move it back here.
            let redis = try RedisConfiguration(url: TestEnvironment.redisURL, poolSize: 1).makeSharedClient()
            _ = try await redis.send(
                "SET", "\(environment["AP_REDIS_PREFIX"] ?? "")worker:elsewhere:live", UUID().uuidString, "PX", 60_000)
            await redis.close()
            var configuration = try PostgresConfiguration(url: try #require(environment["AP_DATABASE_URL"]))
            configuration.poolSize = 1
            let postgres = try await PostgresConnection.connect(
                configuration: configuration, logger: TestStores.quietLogger)
            _ = try await postgres.execute(
                """
                insert into workers (id, instance_id, endpoint, max_sessions, status)
                values ('elsewhere', gen_random_uuid(), 'http://elsewhere:1', 5, 'online')
                """)
            _ = try await postgres.execute(
                "update wa_sessions set worker_id = 'elsewhere' where id = $1", [try #require(UUID(uuidString: id))])
            await postgres.close()

            // Within a heartbeat the worker closes its copy: it reports no session any more.
            let after = try await WorkerProcessTests.worker(workerID, port: port) { $0["sessions"] as? Int == 0 }
            #expect(after["sessions"] as? Int == 0)
            worker.signal(SIGTERM)
            _ = try await worker.waitForExit(timeout: .seconds(15))
        }
    }
}

extension SessionProcessTests {
    /// Whether the Server-Sent Events client writing to `output` has received the stream's first event.
    static func hasFirstEvent(_ output: URL) -> Bool {
        ((try? String(contentsOf: output, encoding: .utf8)) ?? "").contains("event: session\n")
    }
}
