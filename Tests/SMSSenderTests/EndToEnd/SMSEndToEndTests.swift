import Foundation
import LocalStubServer
import TestSupport
import Testing

/// The SMS path through the real `gateway` and `sms-sender` executables, real Redis and Postgres, and
/// Twilio / SMSMobileAPI stubs speaking their contracts: API → outbox → queue → sender → provider →
/// status callback.
@Suite(.serialized, .timeLimit(.minutes(6))) struct SMSEndToEndTests {
    static func stub() -> ProviderContractStub {
        ProviderContractStub(
            twilioAccountSID: SMSSystem.twilioAccountSID, twilioAuthToken: SMSSystem.twilioAuthToken,
            smsMobileAPIKey: SMSSystem.smsMobileAPIKey)
    }

    /// Runs `body` with a stub server and a system sending to it, then asks the gateway's invariant check
    /// that no message and no credit hold was left stuck.
    static func withSystem(
        senderOverrides: [String: String] = [:], redisURL: String? = nil, gatewayOverrides: [String: String] = [:],
        _ body: (SMSSystem, ProviderContractStub) async throws -> Void
    ) async throws {
        let stub = stub()
        try await LocalStubServer.run(router: stub.router()) { server in
            try await SMSSystem.run(
                stub: stub, stubURL: server.baseURL, redisURL: redisURL ?? TestEnvironment.redisURL,
                senderOverrides: senderOverrides, gatewayOverrides: gatewayOverrides
            ) { system in
                try await body(system, stub)
                let violations = try await system.invariantViolations()
                #expect(violations.isEmpty, "invariants violated: \(violations)")
            }
        }
    }

    @Test func aTwilioMessageGoesPendingSentDeliveredWithTheDocumentedRequest() async throws {
        try await Self.withSystem { system, stub in
            let account = try await system.makeAccount()
            let accepted = try await system.sendSMS(
                account, to: "06 12 34 56 78", text: "Bonjour, votre 208 est-elle dispo ?", provider: "twilio",
                idempotencyKey: "order-1")
            #expect(accepted.status == 202)
            let id = try #require(accepted.json["messageId"] as? String)
            #expect(accepted.json["recipient"] as? String == "+33612345678")
            let sent = try await system.waitForStatus(account, id, "sent")

            let requests = await stub.sendRequests
            #expect(requests.count == 1)
            let request = try #require(requests.first)
            let basic =
                "Basic "
                + Data("\(SMSSystem.twilioAccountSID):\(SMSSystem.twilioAuthToken)".utf8)
                .base64EncodedString()
            #expect(request.authorization == basic)
            #expect(request.contentType?.hasPrefix("application/x-www-form-urlencoded") == true)
            #expect(request.form["To"] == "+33612345678")
            #expect(request.form["From"] == "+15017122661")
            #expect(request.form["Body"] == "Bonjour, votre 208 est-elle dispo ?")
            let callbackURL = "\(SMSSystem.publicURL)/webhooks/twilio/\(account.id)"
            #expect(request.form["StatusCallback"] == callbackURL)
            let taken = try #require(await stub.taken.first)
            #expect(sent["providerMessageId"] as? String == taken.id)

            // The same request again is the same message, not a second one.
            let retried = try await system.sendSMS(
                account, to: "06 12 34 56 78", text: "Bonjour, votre 208 est-elle dispo ?", provider: "twilio",
                idempotencyKey: "order-1")
            #expect(retried.status == 200)
            #expect(retried.json["messageId"] as? String == id)

            // Callbacks: unsigned and badly signed ones change nothing.
            let form = [
                (name: "MessageSid", value: taken.id), (name: "MessageStatus", value: "delivered"),
                (name: "AccountSid", value: SMSSystem.twilioAccountSID), (name: "To", value: "+33612345678"),
            ]
            let path = "/webhooks/twilio/\(account.id)"
            #expect(try await system.call(.post, path, form: form).status == 401)
            let forged = try await system.call(
                .post, path, form: form, headers: ["X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"])
            #expect(forged.status == 403)
            #expect(try await system.message(account, id)["status"] as? String == "sent")

            let signature = try TwilioCallbackSigner.signature(
                url: callbackURL, form: form, authToken: SMSSystem.twilioAuthToken)
            let callback = try await system.call(.post, path, form: form, headers: ["X-Twilio-Signature": signature])
            #expect(callback.status == 204)
            let delivered = try await system.message(account, id)
            #expect(delivered["status"] as? String == "delivered")
            // `queued` is missing when the sender sent it before the gateway marked it queued.
            let history = (delivered["history"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
                .filter { $0 != "queued" }
            #expect(history == ["pending", "sent", "delivered"])
            let credits = try await system.smsCredits(account)
            #expect(credits["committed"] as? Int == 1)
            #expect(credits["held"] as? Int == 0)
            #expect(await stub.sendRequests.count == 1)
        }
    }

    @Test func everyProviderErrorClassEndsWhereItShould() async throws {
        try await Self.withSystem { system, stub in
            let account = try await system.makeAccount()
            await stub.script("+33600000001", [.twilioError(status: 400, code: 21211, retryAfter: nil)])
            await stub.script("+33600000002", [.twilioError(status: 400, code: 21610, retryAfter: nil)])
            await stub.script("+33600000003", [.twilioError(status: 429, code: 20429, retryAfter: "1")])
            await stub.script("+33600000004", [.serviceUnavailable])
            await stub.script("+33600000005", [.acceptAfter(.seconds(3))])
            await stub.script("+33600000006", [.smsMobileAPIError(code: 2)])
            let cases: [(recipient: String, provider: String, status: String, code: String?)] = [
                ("+33600000001", "twilio", "failed", "21211"),
                ("+33600000002", "twilio", "failed", "21610"),
                ("+33600000003", "twilio", "sent", nil),
                ("+33600000004", "twilio", "sent", nil),
                ("+33600000005", "twilio", "sent", nil),
                ("+33600000006", "smsmobileapi", "failed", "2"),
                ("+33600000007", "smsmobileapi", "sent", nil),
            ]
            var ids: [String] = []
            for item in cases {
                let reply = try await system.sendSMS(
                    account, to: item.recipient, text: "Bonjour \(item.recipient)", provider: item.provider)
                #expect(reply.status == 202)
                ids.append(try #require(reply.json["messageId"] as? String))
            }
            for (item, id) in zip(cases, ids) {
                let message = try await system.waitForStatus(account, id, item.status, timeout: .seconds(90))
                #expect(message["errorCode"] as? String == item.code, "\(item.recipient)")
            }
            let counts = await stub.takenCountsByBody()
            // Retried after 429 and 503, each taken once; the timed-out one was found, not sent again.
            for recipient in ["+33600000003", "+33600000004", "+33600000005", "+33600000007"] {
                #expect(counts["Bonjour \(recipient)"] == 1, "\(recipient)")
            }
            #expect(await stub.lookups >= 1)
            let requests = await stub.sendRequests
            #expect(requests.filter { $0.form["To"] == "+33600000003" }.count == 2)
            #expect(requests.filter { $0.form["To"] == "+33600000005" }.count == 1)

            // Bad credentials: Twilio answers 20003 and the message fails with it.
            let wrongKey = try await system.makeAccount(twilio: false, smsMobileAPI: false)
            let stored = try await system.call(
                .put, "/api/channels/sms/credentials/twilio", bearer: wrongKey.key,
                json: ["accountSid": SMSSystem.twilioAccountSID, "authToken": "wrong-token", "from": "+15017122661"])
            #expect(stored.status == 204)
            let refused = try await system.sendSMS(wrongKey, to: "+33600000008", text: "Bonjour")
            let refusedID = try #require(refused.json["messageId"] as? String)
            let failed = try await system.waitForStatus(wrongKey, refusedID, "failed")
            #expect(failed["errorCode"] as? String == "20003")

            // Credits: committed for the 4 sent, released for the 3 failed.
            let credits = try await system.smsCredits(account)
            #expect(credits["committed"] as? Int == 4)
            #expect(credits["held"] as? Int == 0)
        }
    }

    @Test func sigkillOfTheSenderDuringABurstSendsEveryMessageExactlyOnce() async throws {
        try await Self.withSystem(senderOverrides: ["AP_VISIBILITY_TIMEOUT_SECONDS": "3"]) { system, stub in
            let account = try await system.makeAccount()
            let total = 1_000
            let posting = Task { try await Self.post(total, "burst", account: account, system: system) }
            try await eventuallyTrue(timeout: .seconds(120)) { await stub.taken.count >= 150 }
            try await system.killSender()
            let takenAtKill = await stub.taken.count
            try await system.startSender()
            let accepted = try await posting.value
            #expect(accepted == total)
            try await eventuallyTrue(timeout: .seconds(240)) { await stub.takenCountsByBody().count >= total }
            try await Task.sleep(for: .seconds(2))
            let counts = await stub.takenCountsByBody()
            #expect(counts.count == total)
            #expect(counts.values.filter { $0 != 1 }.isEmpty, "sent more than once: \(counts.filter { $0.value != 1 })")
            #expect(takenAtKill < total)
            // Messages the killed sender handed to the stub without recording it are recorded once their lease
            // runs out: the next delivery asks Twilio, finds them, and does not send again.
            try await eventuallyTrue(timeout: .seconds(120)) {
                let stats = try await system.call(.get, "/api/queues/sms/stats", bearer: account.key).json
                return stats["sent"] as? Int == total
            }
            #expect(await stub.takenCountsByBody().values.filter { $0 != 1 }.isEmpty)
        }
    }

    @Test func redisStoppedDuringABurstLosesNothingAndSendsEachOnce() async throws {
        let redis = try RedisServerProcess()
        try await Self.withSystem(senderOverrides: ["AP_VISIBILITY_TIMEOUT_SECONDS": "3"], redisURL: redis.url) {
            system, stub in
            let account = try await system.makeAccount()
            let total = 300
            let first = try await Self.post(100, "before", account: account, system: system)
            redis.kill()
            let during = try await Self.post(100, "during", account: account, system: system)
            try redis.restart()
            let after = try await Self.post(100, "after", account: account, system: system)
            #expect(first + during + after == total)
            try await eventuallyTrue(timeout: .seconds(180)) { await stub.takenCountsByBody().count >= total }
            try await Task.sleep(for: .seconds(2))
            let counts = await stub.takenCountsByBody()
            #expect(counts.count == total)
            #expect(counts.values.filter { $0 != 1 }.isEmpty)
            let stats = try await system.call(.get, "/api/queues/sms/stats", bearer: account.key).json
            #expect(stats["sent"] as? Int == total)
        }
    }

    @Test func aFrozenRedisStillAccepts202PendingWithinASecondAndTheRelaySendsEachOnce() async throws {
        let upstream = try #require(URLComponents(string: TestEnvironment.redisURL)?.port)
        let proxy = try FreezableTCPProxy(upstreamPort: upstream)
        defer { proxy.close() }
        // Only the gateway reaches Redis through the proxy; the sender keeps its own link.
        let frozenURL = "redis://127.0.0.1:\(proxy.port)/0"
        try await Self.withSystem(gatewayOverrides: ["AP_REDIS_URL": frozenURL]) { system, stub in
            let account = try await system.makeAccount()
            let before = try await system.sendSMS(account, to: "+33611110000", text: "before", provider: "twilio")
            #expect(before.status == 202)

            proxy.freeze()
            var ids: [String] = []
            var slowest = Duration.zero
            for index in 1...5 {
                let started = ContinuousClock.now
                let reply = try await system.sendSMS(
                    account, to: "+3361111000\(index)", text: "frozen \(index)", provider: "twilio")
                slowest = max(slowest, ContinuousClock.now - started)
                #expect(reply.status == 202)
                #expect(reply.json["status"] as? String == "pending")
                ids.append(try #require(reply.json["messageId"] as? String))
            }
            // One request deadline (0.5 s) at most; the margin is for a loaded machine.
            #expect(slowest < .seconds(2), "the slowest accept with Redis frozen took \(slowest)")
            print("frozen Redis: slowest of 5 accepts took \(slowest)")
            #expect(await stub.takenCountsByBody()["frozen 1"] == nil)

            proxy.thaw()
            for id in ids { _ = try await system.waitForStatus(account, id, "sent", timeout: .seconds(90)) }
            try await Task.sleep(for: .seconds(2))
            let counts = await stub.takenCountsByBody()
            for index in 1...5 {
                #expect(counts["frozen \(index)"] == 1, "frozen \(index): \(counts["frozen \(index)"] ?? 0)")
            }
            #expect(counts["before"] == 1)
        }
    }

    /// Posts `count` messages with distinct texts, 16 at a time; returns how many were accepted (202).
    static func post(_ count: Int, _ label: String, account: SMSSystem.Account, system: SMSSystem) async throws -> Int {
        try await withThrowingTaskGroup(of: Int.self) { group in
            var next = 0
            var accepted = 0
            func add() {
                let index = next
                next += 1
                group.addTask {
                    let reply = try await system.sendSMS(
                        account, to: "+336\(String(format: "%08d", index))", text: "\(label) \(index)",
                        provider: "twilio")
                    return reply.status == 202 ? 1 : 0
                }
            }
            while next < min(16, count) { add() }
            while let result = try await group.next() {
                accepted += result
                if next < count { add() }
            }
            return accepted
        }
    }
}

/// Polls `condition` every 100 ms until it holds or `timeout` passes (then throws).
func eventuallyTrue(timeout: Duration, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    if try await condition() { return }
    throw SMSSystem.Failure("condition not met within \(timeout)")
}
