import Foundation
import LocalStubServer
import TestSupport
import Testing

/// WhatsApp Cloud API sessions with the real gateway and whatsapp-gateway processes against a local Graph
/// API stub that speaks PROVIDERS.md §4 and, as Meta does, calls the gateway's webhook with signed statuses.
@Suite(.timeLimit(.minutes(3))) struct CloudSessionProcessTests {
    static let token = "EAAG-test-token-1"
    static let appSecret = "test_app_secret"
    static let verifyToken = "verify-me-1158"

    private func object(_ reply: HTTPProbe.Reply) -> [String: Any] { HTTPProbe.object(reply) }

    /// An account with WhatsApp credits and its Cloud API webhook credentials: (account id, API key).
    private func account(port: Int) async throws -> (String, String) {
        let (id, key) = try await HTTPProbe.account(port: port, name: "c", credits: ["whatsapp": 20])
        let stored = try await HTTPProbe.send(
            "PUT", port: port, path: "/api/channels/whatsapp/credentials/cloud", bearer: key,
            json: ["appSecret": Self.appSecret, "verifyToken": Self.verifyToken])
        #expect(stored.status == 204)
        return (id, key)
    }

    /// Runs `body` with the gateway, one worker pointed at the stub, and the stub itself.
    private func withCloudSystem(
        settings overrides: [String: String] = [:], _ body: (_ port: Int, _ stub: GraphAPIStub) async throws -> Void
    ) async throws {
        try await withCloudSystem(workers: 1, settings: overrides) { port, stub, _ in try await body(port, stub) }
    }

    /// Runs `body` with the gateway, `workers` whatsapp-gateway processes pointed at the stub (by worker id),
    /// and the stub itself.
    private func withCloudSystem(
        workers count: Int, settings overrides: [String: String] = [:],
        _ body: (_ port: Int, _ stub: GraphAPIStub, _ workers: [String: ServiceProcess]) async throws -> Void
    ) async throws {
        try await withCloudSystem(workers: count, settings: overrides) { port, stub, workers, _ in
            try await body(port, stub, workers)
        }
    }

    /// As above, also handing `body` the stores' environment (Redis URL and key prefix).
    private func withCloudSystem(
        workers count: Int, settings overrides: [String: String] = [:],
        _ body: (
            _ port: Int, _ stub: GraphAPIStub, _ workers: [String: ServiceProcess], _ environment: [String: String]
        ) async throws -> Void
    ) async throws {
        let stub = GraphAPIStub(
            phoneNumberID: "106540352242922", displayPhoneNumber: "1 555-078-3881", token: Self.token,
            appSecret: Self.appSecret)
        try await LocalStubServer.run(router: stub.router()) { server in
            try await WorkerProcessTests.withGateway { port, environment in
                var workers: [String: ServiceProcess] = [:]
                for _ in 0..<count {
                    var settings = environment
                    let workerID = "wa-\(TestSchema.randomSuffix(8))"
                    settings["AP_WORKER_ID"] = workerID
                    settings["AP_WA_CLOUD_API_URL"] = server.url("/v21.0")
                    settings["AP_PROVIDER_TIMEOUT_SECONDS"] = "1"
                    settings["AP_WA_CLOUD_LOOKUP_GRACE_SECONDS"] = "4"
                    settings["AP_WA_RATE_LIMIT_PAUSE_SECONDS"] = "2"
                    settings["AP_WA_MIN_GAP_SECONDS"] = "0"
                    settings["AP_WA_JITTER_SECONDS"] = "0"
                    settings.merge(overrides) { $1 }
                    workers[workerID] = try ServiceProcess(product: "whatsapp-gateway", environment: settings)
                    _ = try await WorkerProcessTests.worker(workerID, port: port) {
                        $0["status"] as? String == "online"
                    }
                }
                try await body(port, stub, workers, environment)
                for worker in workers.values where worker.isRunning {
                    worker.signal(SIGTERM)
                    _ = try await worker.waitForExit(timeout: .seconds(15))
                }
            }
        }
    }

    private func poll(
        _ path: String, port: Int, key: String, timeout: Duration = .seconds(30),
        until condition: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            last = object(try await HTTPProbe.get(port: port, path: path, bearer: key))
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServiceProcess.Timeout(what: "\(path) to match; last seen \(last)")
    }

    private func cloudSession(_ name: String, token: String, port: Int, key: String) async throws -> HTTPProbe.Reply {
        try await HTTPProbe.send(
            "POST", port: port, path: "/api/sessions", bearer: key,
            json: [
                "name": name, "engine": "cloud", "cloud": ["phoneNumberId": "106540352242922", "accessToken": token],
            ])
    }

    private func send(_ body: [String: Any], session: String, port: Int, key: String) async throws -> String {
        let reply = try await HTTPProbe.send(
            "POST", port: port, path: "/api/sessions/\(session)/send", bearer: key, json: body)
        #expect(reply.status == 202)
        return try #require(object(reply)["messageId"] as? String)
    }

    @Test func aCloudSessionSendsAndFollowsMetasSignedWebhooksWithErrorsMappedByCode() async throws {
        try await withCloudSystem { port, stub in
            let (accountID, key) = try await account(port: port)
            let hook = "/webhooks/whatsapp/\(accountID)"
            await stub.deliverWebhooks(port: port, path: hook)

            // The subscription handshake answers the challenge only with the right verify token.
            let challenge = try await HTTPProbe.get(
                port: port,
                path: "\(hook)?hub.mode=subscribe&hub.verify_token=\(Self.verifyToken)&hub.challenge=1158201444")
            #expect(challenge.status == 200)
            #expect(String(decoding: challenge.body, as: UTF8.self) == "1158201444")
            let wrong = try await HTTPProbe.get(
                port: port, path: "\(hook)?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1")
            #expect(wrong.status == 403)

            // Bad input: a cloud session needs its block; nothing is stored.
            let missing = try await HTTPProbe.send(
                "POST", port: port, path: "/api/sessions", bearer: key, json: ["name": "x", "engine": "cloud"])
            #expect(missing.status == 422)
            #expect(missing.contentType == "application/problem+json")

            // A wrong token: the connect check fails the session with Graph's code.
            let refused = object(try await cloudSession("bad-token", token: "EAAG-wrong", port: port, key: key))
            let refusedID = try #require(refused["id"] as? String)
            let failed = try await poll("/api/sessions/\(refusedID)", port: port, key: key) {
                $0["status"] as? String == "failed"
            }
            #expect((failed["lastError"] as? String)?.contains("expired") == true)

            let created = object(try await cloudSession("cloud-1", token: Self.token, port: port, key: key))
            let sessionID = try #require(created["id"] as? String)
            let connected = try await poll("/api/sessions/\(sessionID)", port: port, key: key) {
                $0["status"] as? String == "connected"
            }
            #expect(connected["phone"] as? String == "+15550783881")

            // Text, template and image: each taken once in Graph's shape, then sent → delivered → read by webhook.
            await stub.script("33612340429", [.error(status: 400, code: 130429, message: "(#130429) Rate limit hit")])
            await stub.script("33612340047", [.failLater(code: 131047)])
            let text = try await send(
                ["to": "+33612345678", "text": "Bonjour"], session: sessionID, port: port, key: key)
            let template = try await send(
                [
                    "to": "+33612345679",
                    "template": ["name": "relance_annonce", "language": "fr", "parameters": ["208"]],
                ],
                session: sessionID, port: port, key: key)
            let image = try await send(
                [
                    "to": "+33612345670",
                    "media": ["type": "image", "url": "https://cdn.example.fr/p.jpg", "caption": "P"],
                ],
                session: sessionID, port: port, key: key)
            let limited = try await send(
                ["to": "+33612340429", "text": "Toujours dispo ?"], session: sessionID, port: port, key: key)
            let closed = try await send(
                ["to": "+33612340047", "text": "Relance"], session: sessionID, port: port, key: key)
            for id in [text, template, image, limited] {
                let message = try await poll("/api/messages/\(id)", port: port, key: key) {
                    $0["status"] as? String == "read"
                }
                let path = (message["history"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
                    .filter { $0 != "queued" }
                #expect(path == ["pending", "sent", "delivered", "read"])
            }
            let reengagement = try await poll("/api/messages/\(closed)", port: port, key: key) {
                $0["status"] as? String == "failed"
            }
            #expect(reengagement["errorCode"] as? String == "131047")

            let taken = await stub.taken
            let wanted: Set<String> = [text, limited]
            let takenOnce = taken.compactMap(\.opaque).filter { wanted.contains($0) }
            #expect(takenOnce.count == 2)
            let counts = await stub.takenCountsByMessage()
            #expect(counts.values.allSatisfy { $0 == 1 })
            let textBody = try #require(taken.first { $0.opaque == text })
            #expect(
                textBody.to == "33612345678" && textBody.type == "text"
                    && textBody.json.contains("\"body\":\"Bonjour\""))
            let templateBody = try #require(taken.first { $0.opaque == template })
            #expect(templateBody.type == "template" && templateBody.json.contains("relance_annonce"))
            #expect(taken.first { $0.opaque == image }?.json.contains("https://cdn.example.fr/p.jpg") == true)
            // The rate-limited message was refused once, then taken after the pause.
            #expect(await stub.refusals >= 1)

            // A forged or unsigned webhook changes nothing.
            let forged = GraphAPIStub.webhookPayload(
                phoneNumberID: "106540352242922",
                value: ["statuses": [["id": taken.first { $0.opaque == closed }?.wamid ?? "", "status": "read"]]])
            let badSignature = try await GraphAPIStub.postSigned(
                forged, port: port, path: hook, secret: Self.appSecret,
                signature: "sha256=" + String(repeating: "0", count: 64))
            #expect(badSignature.status == 403)
            let unsigned = try await HTTPProbe.raw("POST", port: port, path: hook, body: forged)
            #expect(unsigned.status == 401)
            let stillFailed = object(try await HTTPProbe.get(port: port, path: "/api/messages/\(closed)", bearer: key))
            #expect(stillFailed["status"] as? String == "failed")

            // An inbound reply and a photo become one whatsapp.received job each, however often Meta delivers them.
            let inbound = GraphAPIStub.webhookPayload(
                phoneNumberID: "106540352242922",
                value: [
                    "contacts": [["profile": ["name": "Sheena"], "wa_id": "33612345678"]],
                    "messages": [
                        [
                            "from": "33612345678", "id": "wamid.inbound-1", "timestamp": "1749416383", "type": "text",
                            "text": ["body": "Oui, toujours dispo"],
                        ],
                        [
                            "from": "33612345678", "id": "wamid.inbound-2", "timestamp": "1749416390", "type": "image",
                            "image": [
                                "id": "1479537139650973", "mime_type": "image/jpeg", "sha256": "c2hh",
                                "caption": "La carte grise",
                            ],
                        ],
                    ],
                ])
            for _ in 0..<2 {
                let reply = try await GraphAPIStub.postSigned(inbound, port: port, path: hook, secret: Self.appSecret)
                #expect(reply.status == 200)
            }
            // The gateway's inbound consumer makes it one entry of one conversation with that contact.
            let listed = try await poll("/api/conversations?channel=whatsapp", port: port, key: key) {
                (($0["items"] as? [[String: Any]])?.first?["unreadCount"] as? Int) == 2
            }
            let conversation = try #require((listed["items"] as? [[String: Any]])?.first)
            #expect(conversation["contactPhone"] as? String == "+33612345678")
            #expect(conversation["sessionId"] as? String == sessionID && conversation["provider"] as? String == "cloud")
            let conversationID = try #require(conversation["id"] as? String)
            let detail = object(
                try await HTTPProbe.get(port: port, path: "/api/conversations/\(conversationID)", bearer: key))
            let inboundEntries = ((detail["messages"] as? [[String: Any]]) ?? []).filter {
                $0["direction"] as? String == "inbound"
            }
            #expect(inboundEntries.map { $0["text"] as? String } == ["Oui, toujours dispo", "La carte grise"])
            // The photo as a reference: Meta's media id and mime type (fetching it needs the access token).
            let photo = inboundEntries.last?["media"] as? [String: Any]
            #expect(photo?["type"] as? String == "image" && photo?["mime"] as? String == "image/jpeg")
            #expect(
                photo?["mediaId"] as? String == "1479537139650973" && photo?["caption"] as? String == "La carte grise")

            // The reply leaves through the same session to Meta, once.
            let reply = try await HTTPProbe.send(
                "POST", port: port, path: "/api/conversations/\(conversationID)/reply", bearer: key,
                json: ["text": "Je passe demain à 10 h"])
            #expect(reply.status == 202)
            let replyID = try #require(object(reply)["messageId"] as? String)
            _ = try await poll("/api/messages/\(replyID)", port: port, key: key) {
                ["sent", "delivered", "read"].contains($0["status"] as? String ?? "")
            }
            let replies = await stub.taken.filter { $0.json.contains("Je passe demain") }
            #expect(replies.count == 1 && replies.first?.to == "33612345678")

            // The token expires: the next send fails with 190, its credits come back, and the session fails.
            await stub.expireToken()
            let expired = try await send(
                ["to": "+33612345671", "text": "Encore là ?"], session: sessionID, port: port, key: key)
            let refusedSend = try await poll("/api/messages/\(expired)", port: port, key: key) {
                $0["status"] as? String == "failed"
            }
            #expect(refusedSend["errorCode"] as? String == "190")
            let sessionFailed = try await poll("/api/sessions/\(sessionID)", port: port, key: key) {
                $0["status"] as? String == "failed"
            }
            #expect((sessionFailed["lastError"] as? String)?.contains("190") == true)
            let credits =
                (try? JSONSerialization.jsonObject(
                    with: try await HTTPProbe.get(port: port, path: "/api/credits", bearer: key).body))
                as? [[String: Any]]
            let whatsapp = credits?.first { $0["channel"] as? String == "whatsapp" }
            #expect(whatsapp?["committed"] as? Int == 6)  // five sends and the reply
            #expect(whatsapp?["held"] as? Int == 0)
        }
    }

    @Test func aSendWhoseAnswerWasLostIsRecordedFromTheStatusWebhookAndNeverSentTwice() async throws {
        try await withCloudSystem { port, stub in
            let (accountID, key) = try await account(port: port)
            await stub.deliverWebhooks(port: port, path: "/webhooks/whatsapp/\(accountID)")
            let sessionID = try #require(
                object(try await cloudSession("cloud-2", token: Self.token, port: port, key: key))["id"] as? String)
            _ = try await poll("/api/sessions/\(sessionID)", port: port, key: key) {
                $0["status"] as? String == "connected"
            }

            // Meta takes each message but answers after the worker's 1 s timeout, twice in a row.
            let recipients = (0..<3).map { "3361234560\($0)" }
            for recipient in recipients {
                await stub.script(recipient, [.acceptAfter(.seconds(2)), .acceptAfter(.seconds(2))])
            }
            var ids: [String] = []
            for recipient in recipients {
                ids.append(
                    try await send(
                        ["to": "+" + recipient, "text": "Bonjour \(recipient)"], session: sessionID, port: port,
                        key: key))
            }
            for id in ids {
                let message = try await poll("/api/messages/\(id)", port: port, key: key) {
                    $0["status"] as? String == "read"
                }
                #expect(message["providerMessageId"] as? String != nil)
            }
            try await Task.sleep(for: .seconds(5))
            let counts = await stub.takenCountsByMessage()
            for id in ids { #expect(counts[id] == 1) }
        }
    }

    @Test func sendsInFlightOnAKilledWorkerAreNeitherLostNorDoubledAfterFailover() async throws {
        try await withCloudSystem(workers: 2) { port, stub, workers in
            let (accountID, key) = try await account(port: port)
            await stub.deliverWebhooks(port: port, path: "/webhooks/whatsapp/\(accountID)")
            let session = object(try await cloudSession("cloud-3", token: Self.token, port: port, key: key))
            let sessionID = try #require(session["id"] as? String)
            let owner = try #require(session["workerId"] as? String)
            _ = try await poll("/api/sessions/\(sessionID)", port: port, key: key) {
                $0["status"] as? String == "connected"
            }

            // Half of the recipients answer slowly, so sends are in flight at the stub when the owner dies.
            var ids: [String] = []
            for index in 0..<10 {
                let recipient = "336123458\(String(format: "%02d", index))"
                if index.isMultiple(of: 2) { await stub.script(recipient, [.acceptAfter(.seconds(3))]) }
                ids.append(
                    try await send(
                        ["to": "+" + recipient, "text": "Bonjour \(index)"], session: sessionID, port: port, key: key))
            }
            let deadline = ContinuousClock.now + .seconds(20)
            while await stub.taken.count < 2, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let killed = try #require(workers[owner])
            killed.signal(SIGKILL)
            _ = try await killed.waitForExit(timeout: .seconds(10))

            let moved = try await poll("/api/sessions/\(sessionID)", port: port, key: key) {
                $0["status"] as? String == "connected" && $0["workerId"] as? String != owner
            }
            #expect(moved["workerId"] as? String != nil)
            for id in ids {
                _ = try await poll("/api/messages/\(id)", port: port, key: key) { $0["status"] as? String == "read" }
            }
            try await Task.sleep(for: .seconds(5))
            let counts = await stub.takenCountsByMessage()
            for id in ids { #expect(counts[id] == 1) }
        }
    }

    @Test func twoDeliveriesOfOneMessageAtOnceReachMetaOnce() async throws {
        // Meta answers in 3 s; the lookup grace (1 s) runs out while the first request is still in flight.
        let settings = ["AP_PROVIDER_TIMEOUT_SECONDS": "5", "AP_WA_CLOUD_LOOKUP_GRACE_SECONDS": "1"]
        try await withCloudSystem(workers: 1, settings: settings) { port, stub, _, environment in
            let (accountID, key) = try await account(port: port)
            await stub.deliverWebhooks(port: port, path: "/webhooks/whatsapp/\(accountID)")
            let session = object(try await cloudSession("cloud-5", token: Self.token, port: port, key: key))
            let sessionID = try #require(session["id"] as? String)
            let owner = try #require(session["workerId"] as? String)
            _ = try await poll("/api/sessions/\(sessionID)", port: port, key: key) {
                $0["status"] as? String == "connected"
            }
            await stub.script("33612345690", [.acceptAfter(.seconds(3))])
            let id = try await send(
                ["to": "+33612345690", "text": "Bonjour"], session: sessionID, port: port, key: key)
            let messageID = try #require(UUID(uuidString: id))
            let inFlight = try await eventually(timeout: .seconds(20)) { await stub.taken.count == 1 }
            #expect(inFlight)
            // Past the lookup grace, a second delivery of the same message arrives (a failover re-enqueue).
            try await Task.sleep(for: .milliseconds(1_500))
            let duplicate = try await WorkerQueueProbe.enqueueDuplicateSend(
                of: messageID, onWorker: owner, environment: environment)

            _ = try await poll("/api/messages/\(id)", port: port, key: key) { $0["status"] as? String == "read" }
            // The duplicate waited out the first delivery's lease, then found the message sent.
            #expect(try await duplicate.waitUntilCompleted(timeout: .seconds(60)))
            #expect(await stub.takenCountsByMessage()[id] == 1)
        }
    }

    @Test func keepAliveChecksHoldAHealthyCloudSessionAndFailOneWhoseTokenExpired() async throws {
        // Watchdog 3 s: the engine checks the token every second, each success a keep-alive.
        try await withCloudSystem(workers: 1, settings: ["AP_WA_WATCHDOG_SECONDS": "3"]) { port, stub, workers in
            let (_, key) = try await account(port: port)
            let sessionID = try #require(
                object(try await cloudSession("cloud-4", token: Self.token, port: port, key: key))["id"] as? String)
            let connected = try await poll("/api/sessions/\(sessionID)", port: port, key: key) {
                $0["status"] as? String == "connected"
            }
            // Longer than the watchdog: a session kept alive is not reconnected (its row does not change).
            try await Task.sleep(for: .seconds(5))
            let later = object(try await HTTPProbe.get(port: port, path: "/api/sessions/\(sessionID)", bearer: key))
            #expect(later["status"] as? String == "connected")
            #expect(later["updatedAt"] as? String == connected["updatedAt"] as? String)

            // The token expires: the next check fails the session, which then takes no message (409).
            await stub.expireToken()
            let expiredAt = ContinuousClock.now
            let failed: [String: Any]
            do {
                // Within a second or two alone; a loaded machine (the full suite on 2 cores) has taken over 30 s.
                failed = try await poll("/api/sessions/\(sessionID)", port: port, key: key, timeout: .seconds(90)) {
                    $0["status"] as? String == "failed"
                }
            } catch {
                // What the worker did meanwhile, for the next person: a stalled keep-alive, or a refused write.
                for line in workers.values.first?.logLines.suffix(40) ?? [] { print("whatsapp-gateway:", line) }
                print(
                    "Graph API requests since the token expired:",
                    await stub.requestTimes.filter { $0 > expiredAt }.count)
                throw error
            }
            #expect((failed["lastError"] as? String)?.contains("expired") == true)
            let refused = try await HTTPProbe.send(
                "POST", port: port, path: "/api/sessions/\(sessionID)/send", bearer: key,
                json: ["to": "+33612345672", "text": "Bonjour"])
            #expect(refused.status == 409)
            #expect(await stub.taken.isEmpty)
        }
    }
}
