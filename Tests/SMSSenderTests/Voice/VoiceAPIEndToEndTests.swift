import Foundation
import LocalStubServer
import TestSupport
import Testing

/// The voice routes as a customer and Voice Partner call them, with the real `gateway` and `voice-sender`:
/// bad input refused by field before anything is held, a text-to-speech call and its per-number callback, a
/// campaign Voice Partner refuses (its credit ran out) failing every member with the holds released, and the
/// callback URL's secret.
@Suite(.serialized, .timeLimit(.minutes(3))) struct VoiceAPIEndToEndTests {
    private static func problem(_ reply: SMSSystem.Reply) -> (type: String, fields: [String]) {
        let type = (reply.json["type"] as? String ?? "").replacingOccurrences(
            of: "urn:auto-prospect:problem:", with: "")
        let fields = (reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        return (type, fields.sorted())
    }

    @Test func badInputCallsCallbacksAndARefusedCampaign() async throws {
        // Voice Partner's credit covers one call: the drop campaign after it is refused with code 11.
        let voicePartner = VoicePartnerStub(apiKey: SMSSystem.voicePartnerKey, credit: 1)
        try await LocalStubServer.run(router: voicePartner.router()) { server in
            try await SMSSystem.run(
                stub: SMSEndToEndTests.stub(), stubURL: server.baseURL,
                gatewayOverrides: ["AP_VOICEPARTNER_BASE_URL": server.url("/v1")]
            ) { system in
                let account = try await system.makeAccount(twilio: false, smsMobileAPI: false)
                let path = "/api/phone/ringless-voice"

                // Without credentials: 422 naming the content field; nothing held.
                let early = try await system.dropVoicemail(account, to: "+33612345678", tokenAudio: "tok-relance")
                #expect(early.status == 422 && Self.problem(early).fields == ["audio"])
                try await system.enableVoice(account, credits: 10)
                let cases: [([String: Any], Int, String, [String])] = [
                    (
                        ["recipient": "+33612345678", "audio": ["tokenAudio": "x", "tokenAudo": "x"]], 400,
                        "unknown-field", ["audio.tokenAudo"]
                    ),
                    (
                        ["recipient": "+33612345678", "audio": ["tokenAudo": "x"]], 422, "validation",
                        ["audio.tokenAudio"]
                    ),
                    (
                        ["recipient": "+33612345678", "text": "Bonjour", "sender": "0611223344"], 422, "validation",
                        ["sender"]
                    ),
                    (
                        ["recipient": "+33612345678", "audio": ["tokenAudio": "a"], "text": "b"], 422, "validation",
                        ["audio"]
                    ),
                    (
                        ["recipient": "+33612345678", "text": "Bonjour", "speechRate": 3], 422, "validation",
                        ["speechRate"]
                    ),
                    (["recipient": "12", "text": " ", "lang": "f"], 422, "validation", ["lang", "recipient", "text"]),
                    (
                        ["recipient": "+33612345678", "audio": ["tokenAudio": "a"], "lang": "fr"], 422, "validation",
                        ["lang"]
                    ),
                ]
                for (body, status, type, fields) in cases {
                    let reply = try await system.call(.post, path, bearer: account.key, json: body)
                    #expect(
                        reply.status == status && Self.problem(reply) == (type, fields),
                        "\(body) → \(reply.status) \(reply.json)")
                }
                let blocked = try await system.call(
                    .post, "/api/contacts/blocked", bearer: account.key, json: ["phone": "+33699999999"])
                #expect(blocked.status == 201)
                let refused = try await system.dropVoicemail(account, to: "06 99 99 99 99", tokenAudio: "tok-relance")
                #expect(refused.status == 422 && Self.problem(refused).type == "recipient-blocked")
                #expect(try await system.voiceCredits(account)["held"] as? Int == 0)

                // Voice Partner's first answer is a 429: the call is tried again a moment later, and taken once.
                await voicePartner.script([.tooManyRequests])
                let sender = try await system.startVoiceSender(voicePartnerURL: server.url("/v1"))
                // A text-to-speech call, idempotent by key.
                let callBody: [String: Any] = [
                    "recipient": "+33612345678", "text": "Bonjour, votre annonce", "lang": "fr", "speechRate": 1.2,
                ]
                let call = try await system.call(
                    .post, path, bearer: account.key, json: callBody, headers: ["Idempotency-Key": "call-1"])
                #expect(call.status == 202)
                let callID = try #require(call.json["messageId"] as? String)
                let replay = try await system.call(
                    .post, path, bearer: account.key, json: callBody, headers: ["Idempotency-Key": "call-1"])
                #expect(replay.status == 200 && replay.json["messageId"] as? String == callID)
                var changed = callBody
                changed["speechRate"] = 1.3
                let reused = try await system.call(
                    .post, path, bearer: account.key, json: changed, headers: ["Idempotency-Key": "call-1"])
                #expect(reused.status == 422 && Self.problem(reused).type == "idempotency-key-reused")

                _ = try await system.waitForStatus(account, callID, "sent")
                let campaign = try #require(await voicePartner.campaigns.first)
                #expect(campaign.kind == "tts" && campaign.text == "Bonjour, votre annonce")
                #expect(campaign.phoneNumbers == ["+33612345678"] && campaign.sender == nil)
                let notifyURL = try #require(campaign.notifyURL)
                let callbackPath = String(notifyURL.dropFirst(SMSSystem.publicURL.count))
                let status: [String: Any] = [
                    "campaignId": campaign.id, "status": "delivered", "additionnal_status": "VOICE_ANSWERED",
                    "phoneNumber": "0033612345678", "duration": 6,
                ]
                let forged = try await system.call(
                    .post, callbackPath.replacingOccurrences(of: "token=", with: "token=x"), json: status)
                #expect(forged.status == 404)
                #expect(try await system.call(.post, callbackPath, json: status).status == 200)
                let delivered = try await system.waitForStatus(account, callID, "delivered")
                let history = delivered["history"] as? [[String: Any]] ?? []
                #expect(history.contains { $0["providerCode"] as? String == "VOICE_ANSWERED" })
                #expect((delivered["campaign"] as? [String: Any])?["kind"] as? String == "tts")

                // Three drops: Voice Partner's credit is spent, so the campaign is refused (code 11) as a whole.
                var drops: [String] = []
                for number in ["+33611111111", "+33622222222", "+33633333333"] {
                    let reply = try await system.dropVoicemail(account, to: number, tokenAudio: "tok-bienvenue")
                    drops.append(try #require(reply.json["messageId"] as? String))
                }
                for id in drops {
                    let failed = try await system.waitForStatus(account, id, "failed")
                    #expect(failed["errorCode"] as? String == "voicepartner_11")
                }
                let violations = try await system.invariantViolations()
                #expect(violations.isEmpty, "invariants violated: \(violations)")
                let credits = try await system.voiceCredits(account)
                #expect(credits["committed"] as? Int == 1 && credits["held"] as? Int == 0)
                #expect(await voicePartner.campaigns.count == 1)
                #expect(await voicePartner.rateLimited == 1)
                #expect(await voicePartner.requestCount == 3)

                // Another account whose key Voice Partner refuses cannot list audio files: 502.
                let other = try await system.makeAccount(twilio: false, smsMobileAPI: false)
                _ = try await system.call(
                    .put, "/api/channels/voice/credentials/voicepartner", bearer: other.key, json: ["apiKey": "wrong"])
                let audios = try await system.call(.get, "/api/channels/voice/audios", bearer: other.key)
                #expect(audios.status == 502 && Self.problem(audios).type == "provider-refused")
                sender.signal(SIGTERM)
                _ = try await sender.waitForExit(timeout: .seconds(20))
            }
        }
    }
}
