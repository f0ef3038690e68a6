import Foundation
import Redis
import TestSupport
import Testing

/// Linking by pairing code and messages from contacts, played by the admin sandbox phone.
extension SessionRecoveryProcessTests {
    @Test func aPhoneNumberLinksWithAPairingCode() async throws {
        try await WorkerProcessTests.withGateway { port, environment in
            let probe = SessionProbe(port: port, environment: environment)
            let (worker, _) = try await probe.startWorker()
            let (redis, prefix) = try probe.redis()
            let key = try await probe.account()
            let id = try await probe.waitingSession(key: key, name: "by-code")
            let path = "/api/sessions/\(id)/pairing-code"

            // Numbers WhatsApp does not link: national, with a +, too short, with separators; and bad bodies.
            for number in ["0612345678", "+33612345678", "123456", "33 6 12 34 56 78", "3361234567890123"] {
                let reply = try await HTTPProbe.send(
                    "POST", port: port, path: path, bearer: key, json: ["phoneNumber": number])
                #expect(reply.status == 422, "\(number)")
                #expect(SessionProbe.object(reply)["type"] as? String == "urn:auto-prospect:problem:validation")
            }
            #expect(try await HTTPProbe.send("POST", port: port, path: path, bearer: key, json: [:]).status == 422)
            #expect(
                try await HTTPProbe.send(
                    "POST", port: port, path: path, bearer: key, json: ["phoneNumber": 33612345678]
                )
                .status == 422)
            let other = try await probe.account()
            #expect(
                try await HTTPProbe.send(
                    "POST", port: port, path: path, bearer: other, json: ["phoneNumber": "33612345678"]
                )
                .status == 404)

            // A code in whatsmeow's alphabet, stored in Redis for its life.
            let issued = try await HTTPProbe.send(
                "POST", port: port, path: path, bearer: key, json: ["phoneNumber": "33612345678"])
            #expect(issued.status == 200)
            let code = try #require(SessionProbe.object(issued)["code"] as? String)
            let expiresInMs = try #require(SessionProbe.object(issued)["expiresInMs"] as? Int)
            #expect(code.wholeMatch(of: /[1-9A-HJ-NP-TV-Z]{4}-[1-9A-HJ-NP-TV-Z]{4}/) != nil, "\(code)")
            #expect(expiresInMs > 150_000 && expiresInMs <= 160_000)
            let codeKey = "\(prefix)wa:paircode:\(id)"
            #expect(try await redis.send("GET", codeKey).string == code)

            // The phone enters a wrong code, then one that is not a code: refused, still waiting.
            let wrongCode = code == "2222-2222" ? "3333-3333" : "2222-2222"
            let wrong = try await probe.phone("pair", id, json: ["code": wrongCode])
            #expect(wrong.status == 422)
            #expect(SessionProbe.object(wrong)["type"] as? String == "urn:auto-prospect:problem:wrong-pairing-code")
            #expect(try await probe.phone("pair", id, json: ["code": "0OIU-0OIU"]).status == 422)
            #expect(try await probe.phone("pair", id, json: ["code": code], bearer: key).status == 401)
            try await Task.sleep(for: .milliseconds(500))
            let still = SessionProbe.object(
                try await HTTPProbe.get(port: port, path: "/api/sessions/\(id)", bearer: key))
            #expect(still["status"] as? String == "qr_required")

            // The right one (typed in lower case): connected as that number; the code and QR are gone.
            #expect(try await probe.phone("pair", id, json: ["code": code.lowercased()]).status == 202)
            let connected = try await probe.session(id, key: key, is: "connected")
            #expect(connected["phone"] as? String == "+33612345678")
            #expect(try await probe.sealedAuth(id) != nil)
            #expect(try await redis.send("EXISTS", codeKey, "\(prefix)wa:qr:\(id)").int == 0)

            // Connected: no pairing any more.
            let late = try await HTTPProbe.send(
                "POST", port: port, path: path, bearer: key, json: ["phoneNumber": "33612345678"])
            #expect(late.status == 409)
            #expect(SessionProbe.object(late)["type"] as? String == "urn:auto-prospect:problem:session-not-pairing")
            let noCode = try await probe.phone("pair", id, json: ["code": code])
            #expect(noCode.status == 409)
            #expect(SessionProbe.object(noCode)["type"] as? String == "urn:auto-prospect:problem:no-pairing-code")

            await redis.close()
            worker.signal(SIGTERM)
            _ = try await worker.waitForExit(timeout: .seconds(15))
        }
    }

    @Test func aMessageFromAContactIsAWhatsAppReceivedJobOnTheInboundQueue() async throws {
        try await WorkerProcessTests.withGateway { port, environment in
            let probe = SessionProbe(port: port, environment: environment)
            let (worker, _) = try await probe.startWorker()
            let (redis, prefix) = try probe.redis()
            let key = try await probe.account()
            let (id, _) = try await probe.connectedSession(key: key, name: "inbox")

            // Bad input: a national number, an empty text, a session that is not connected, no such session.
            #expect(try await probe.phone("inbound", id, json: ["from": "0612345678", "text": "x"]).status == 422)
            #expect(try await probe.phone("inbound", id, json: ["from": "+33612345678", "text": ""]).status == 422)
            let waiting = try await probe.waitingSession(key: key, name: "waiting")
            #expect(
                try await probe.phone("inbound", waiting, json: ["from": "+33612345678", "text": "x"]).status == 409)
            #expect(
                try await probe.phone("inbound", UUID().uuidString, json: ["from": "+33612345678", "text": "x"]).status
                    == 404)

            let sent = try await probe.phone(
                "inbound", id, json: ["from": "+33 6 12 34 56 78", "text": "Oui, toujours dispo"])
            #expect(sent.status == 202)

            // The worker publishes it on `inbound`; the gateway's inbound consumer files it in a conversation.
            var jobs: [RedisStreamEntry] = []
            let deadline = ContinuousClock.now + .seconds(15)
            while ContinuousClock.now < deadline {
                jobs = try await redis.send("XRANGE", "\(prefix){q:inbound}", "-", "+").streamRangeEntries
                if !jobs.isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            try #require(jobs.count == 1)
            let job = jobs[0]
            #expect(job.string("name") == "whatsapp.received")
            let payload = try #require(
                try JSONSerialization.jsonObject(with: Data(job.fields["payload"] ?? [])) as? [String: Any])
            #expect(payload["sessionId"] as? String == id)
            #expect(payload["engine"] as? String == "sandbox")
            #expect(payload["from"] as? String == "+33612345678")
            #expect(payload["text"] as? String == "Oui, toujours dispo")
            let providerID = try #require(payload["providerMessageId"] as? String)
            #expect(providerID.hasPrefix("sandbox-wa-in-"))
            #expect(job.string("id") == "wa-in-sandbox-\(providerID)")
            #expect(job.string("account") == payload["accountId"] as? String)

            // The reply is in the conversation with that contact, on the session it wrote to, once.
            var conversations: [[String: Any]] = []
            let filed = ContinuousClock.now + .seconds(15)
            while conversations.isEmpty, ContinuousClock.now < filed {
                let listed = SessionProbe.object(
                    try await HTTPProbe.get(port: port, path: "/api/conversations", bearer: key))
                conversations = listed["items"] as? [[String: Any]] ?? []
                if conversations.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            }
            let conversation = try #require(conversations.first)
            #expect(conversations.count == 1 && conversation["channel"] as? String == "whatsapp")
            #expect(conversation["contactPhone"] as? String == "+33612345678")
            #expect(conversation["sessionId"] as? String == id && conversation["unreadCount"] as? Int == 1)
            let detail = SessionProbe.object(
                try await HTTPProbe.get(
                    port: port, path: "/api/conversations/\(try #require(conversation["id"] as? String))", bearer: key))
            let texts = (detail["messages"] as? [[String: Any]] ?? []).map { $0["text"] as? String }
            #expect(texts == ["Oui, toujours dispo"])

            await redis.close()
            worker.signal(SIGTERM)
            _ = try await worker.waitForExit(timeout: .seconds(15))
        }
    }
}
