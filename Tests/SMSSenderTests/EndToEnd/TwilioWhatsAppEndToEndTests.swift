import Domain
import Foundation
import JobRuntime
import LocalStubServer
import Outbox
import Redis
import TestSupport
import Testing

/// WhatsApp on the `twilio` engine through the real `gateway` and `whatsapp-gateway` executables, with the
/// Twilio stub speaking PROVIDERS.md §3 (`whatsapp:` addresses, status callbacks with `read`).
@Suite(.serialized, .timeLimit(.minutes(4))) struct TwilioWhatsAppEndToEndTests {
    /// A connected Twilio session of a new account with WhatsApp credits: (account, session id, worker).
    private func connectedSession(
        _ system: SMSSystem, workerID: String = "wa-tw-\(UUID().uuidString.prefix(8).lowercased())",
        workerSettings: [String: String] = [:]
    ) async throws -> (SMSSystem.Account, String, ServiceProcess) {
        let worker = try await system.startWhatsAppWorker(id: workerID, overrides: workerSettings)
        let account = try await system.makeAccount(smsMobileAPI: false)
        let credits = try await system.call(
            .post, "/api/admin/accounts/\(account.id)/credits", bearer: SMSSystem.adminSecret,
            json: ["channel": "whatsapp", "amount": 10])
        #expect(credits.status == 200)
        let created = try await system.call(
            .post, "/api/sessions", bearer: account.key,
            json: ["name": "tw", "engine": "twilio", "twilio": ["from": "+14155238886"]])
        #expect(created.status == 201)
        let sessionID = try #require(created.json["id"] as? String)
        let deadline = ContinuousClock.now + .seconds(30)
        var status = ""
        while ContinuousClock.now < deadline, status != "connected" {
            status =
                try await system.call(.get, "/api/sessions/\(sessionID)", bearer: account.key).json["status"]
                as? String ?? ""
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(status == "connected")
        return (account, sessionID, worker)
    }

    @Test func aTwilioSessionSendsWithWhatsAppAddressesAndFollowsSignedStatusCallbacksToRead() async throws {
        try await SMSEndToEndTests.withSystem { system, stub in
            // Without stored Twilio credentials a twilio session is refused.
            let bare = try await system.makeAccount(twilio: false, smsMobileAPI: false)
            let refused = try await system.call(
                .post, "/api/sessions", bearer: bare.key,
                json: ["name": "tw", "engine": "twilio", "twilio": ["from": "+14155238886"]])
            #expect(refused.status == 422)

            let (account, sessionID, worker) = try await connectedSession(system)
            await stub.script("whatsapp:+33612340016", [.twilioError(status: 400, code: 63016, retryAfter: nil)])
            let sent = try await system.call(
                .post, "/api/sessions/\(sessionID)/send", bearer: account.key,
                json: ["to": "+33612345678", "text": "Bonjour, toujours dispo ?"])
            #expect(sent.status == 202)
            let id = try #require(sent.json["messageId"] as? String)
            let closedWindow = try await system.call(
                .post, "/api/sessions/\(sessionID)/send", bearer: account.key,
                json: ["to": "+33612340016", "text": "Relance"])
            let closedID = try #require(closedWindow.json["messageId"] as? String)

            let recorded = try await system.waitForStatus(account, id, "sent")
            let request = try #require(await stub.sendRequests.first { $0.form["To"] == "whatsapp:+33612345678" })
            #expect(request.form["From"] == "whatsapp:+14155238886")
            #expect(request.form["Body"] == "Bonjour, toujours dispo ?")
            let path = "/webhooks/twilio/\(account.id)"
            #expect(request.form["StatusCallback"] == SMSSystem.publicURL + path)
            let sid = try #require(recorded["providerMessageId"] as? String)

            // Twilio reports delivered then read; only signed callbacks count.
            for status in ["delivered", "read"] {
                let form = [
                    (name: "MessageSid", value: sid), (name: "MessageStatus", value: status),
                    (name: "AccountSid", value: SMSSystem.twilioAccountSID),
                    (name: "To", value: "whatsapp:+33612345678"),
                ]
                let forged = try await system.call(
                    .post, path, form: form, headers: ["X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"])
                #expect(forged.status == 403)
                let signature = try TwilioCallbackSigner.signature(
                    url: SMSSystem.publicURL + path, form: form, authToken: SMSSystem.twilioAuthToken)
                let callback = try await system.call(
                    .post, path, form: form, headers: ["X-Twilio-Signature": signature])
                #expect(callback.status == 204)
            }
            let read = try await system.message(account, id)
            #expect(read["status"] as? String == "read")

            // The contact answers with a photo: filed once in the conversation of the session it wrote to, the
            // media as a reference (type, mime, Twilio's URL).
            let reply = [
                (name: "MessageSid", value: "MMreply0001"), (name: "SmsStatus", value: "received"),
                (name: "AccountSid", value: SMSSystem.twilioAccountSID), (name: "From", value: "whatsapp:+33612345678"),
                (name: "To", value: "whatsapp:+14155238886"), (name: "Body", value: "Oui, la voici"),
                (name: "NumMedia", value: "1"), (name: "MediaContentType0", value: "image/jpeg"),
                (name: "MediaUrl0", value: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"),
            ]
            let replySignature = try TwilioCallbackSigner.signature(
                url: SMSSystem.publicURL + path, form: reply, authToken: SMSSystem.twilioAuthToken)
            for _ in 0..<2 {
                let answered = try await system.call(
                    .post, path, form: reply, headers: ["X-Twilio-Signature": replySignature])
                #expect(answered.status == 200)
            }
            var conversation: [String: Any] = [:]
            try await eventuallyTrue(timeout: .seconds(15)) {
                let items = try await system.call(.get, "/api/conversations", bearer: account.key).json["items"]
                conversation = (items as? [[String: Any]] ?? []).first ?? [:]
                return conversation["unreadCount"] as? Int == 1
            }
            #expect(
                conversation["channel"] as? String == "whatsapp" && conversation["sessionId"] as? String == sessionID)
            let thread =
                try await system.call(
                    .get, "/api/conversations/\(try #require(conversation["id"] as? String))", bearer: account.key
                ).json["messages"] as? [[String: Any]] ?? []
            let inbound = thread.filter { $0["direction"] as? String == "inbound" }
            #expect(inbound.count == 1 && inbound.first?["text"] as? String == "Oui, la voici")
            let media = inbound.first?["media"] as? [String: Any]
            #expect(media?["type"] as? String == "image" && media?["mime"] as? String == "image/jpeg")
            #expect((media?["url"] as? String)?.hasSuffix("/Media/ME1") == true)
            #expect(thread.contains { $0["direction"] as? String == "outbound" && $0["id"] as? String == id })

            // Outside the 24 h window Twilio answers 63016: failed, its credit released.
            let failed = try await system.waitForStatus(account, closedID, "failed")
            #expect(failed["errorCode"] as? String == "63016")
            let credits = try await system.call(.get, "/api/credits", bearer: account.key).jsonArray
            let whatsapp = credits.first { $0["channel"] as? String == "whatsapp" }
            #expect(whatsapp?["committed"] as? Int == 1)
            #expect(whatsapp?["held"] as? Int == 0)
            worker.signal(SIGTERM)
            _ = try await worker.waitForExit(timeout: .seconds(15))
        }
    }

    @Test func aSendWhoseAnswerWasLostIsFoundAtTwilioAndNotSentAgain() async throws {
        try await SMSEndToEndTests.withSystem { system, stub in
            let (account, sessionID, worker) = try await connectedSession(system)
            // Twilio takes each message but answers after the worker's 1 s timeout.
            var ids: [String] = []
            for index in 0..<3 {
                let to = "+3361234570\(index)"
                await stub.script("whatsapp:" + to, [.acceptAfter(.seconds(2))])
                let sent = try await system.call(
                    .post, "/api/sessions/\(sessionID)/send", bearer: account.key,
                    json: ["to": to, "text": "Bonjour \(index)"])
                ids.append(try #require(sent.json["messageId"] as? String))
            }
            for id in ids { _ = try await system.waitForStatus(account, id, "sent") }
            try await Task.sleep(for: .seconds(3))
            let counts = await stub.takenCountsByBody()
            for index in 0..<3 { #expect(counts["Bonjour \(index)"] == 1) }
            #expect(await stub.lookups >= 3)
            worker.signal(SIGTERM)
            _ = try await worker.waitForExit(timeout: .seconds(15))
        }
    }

    @Test func twoDeliveriesOfOneMessageAtOnceReachTwilioOnce() async throws {
        try await SMSEndToEndTests.withSystem { system, stub in
            // A request being processed does not show in Twilio's list yet: a lookup cannot see it.
            await stub.hideMessagesInFlight()
            let workerID = "wa-tw-\(UUID().uuidString.prefix(8).lowercased())"
            let (account, sessionID, worker) = try await connectedSession(
                system, workerID: workerID, workerSettings: ["AP_PROVIDER_TIMEOUT_SECONDS": "6"])
            let to = "+33612345711"
            await stub.script("whatsapp:" + to, [.acceptAfter(.seconds(3))])
            let sent = try await system.call(
                .post, "/api/sessions/\(sessionID)/send", bearer: account.key, json: ["to": to, "text": "Une fois"])
            let id = try #require(sent.json["messageId"] as? String)
            try await eventuallyTrue(timeout: .seconds(20)) { await stub.taken.count == 1 }

            // A second delivery of the same message while the first request is in flight (a failover re-enqueue).
            let redis = try RedisConfiguration(url: system.redisURL).makeSharedClient()
            let queue = JobQueue(
                name: QueueName.whatsAppWorker(workerID).rawValue, redis: redis, prefix: system.redisPrefix)
            let messageID = try #require(UUID(uuidString: id))
            try await queue.enqueue(
                JobRequest(
                    name: WhatsAppSendJob.name, payload: SMSSendJob(messageId: messageID).encoded(),
                    id: "duplicate-\(id)"))

            _ = try await system.waitForStatus(account, id, "sent")
            // The duplicate waited out the first delivery's lease, then found the message sent.
            try await eventuallyTrue(timeout: .seconds(60)) {
                try await queue.status(of: "duplicate-\(id)").state == .completed
            }
            await redis.close()
            #expect(await stub.takenCountsByBody()["Une fois"] == 1)
            worker.signal(SIGTERM)
            _ = try await worker.waitForExit(timeout: .seconds(15))
        }
    }
}
