import Foundation
import LocalStubServer
import TestSupport
import Testing

/// Ringless voicemail through the real `gateway` and `voice-sender` executables and a Voice Partner stub that
/// enforces 5 drop requests a minute: drops are gathered into campaigns of up to 500 numbers, and a SIGKILL
/// of the sender while Voice Partner holds a campaign request sends no number twice and loses none.
@Suite(.serialized, .timeLimit(.minutes(4))) struct VoiceDropEndToEndTests {
    @Test func twelveHundredDropsGoInThreeCampaignsEachNumberOnceThroughASIGKILL() async throws {
        let voicePartner = VoicePartnerStub(apiKey: SMSSystem.voicePartnerKey)
        // The first campaign request is answered after the sender's 2 s timeout: the sender is killed while
        // Voice Partner holds it, and Voice Partner takes it all the same.
        await voicePartner.script([.acceptAfter(.seconds(5))])
        let smsStub = SMSEndToEndTests.stub()
        try await LocalStubServer.run(router: voicePartner.router()) { server in
            try await SMSSystem.run(
                stub: smsStub, stubURL: server.baseURL,
                gatewayOverrides: ["AP_VOICEPARTNER_BASE_URL": server.url("/v1")]
            ) { system in
                let account = try await system.makeAccount(twilio: false, smsMobileAPI: false)
                try await system.enableVoice(account, credits: 1_300)
                let audios = try await system.call(.get, "/api/channels/voice/audios", bearer: account.key)
                let tokens = (audios.json["audios"] as? [[String: Any]] ?? []).compactMap { $0["token"] as? String }
                #expect(audios.status == 200 && tokens.contains("tok-relance"))

                let started = ContinuousClock.now
                // Jobs the killed sender held are taken over after 3 s, while the campaign they join is still open
                // (6 s of quiet before an open campaign goes).
                let settings = ["AP_VISIBILITY_TIMEOUT_SECONDS": "3", "AP_VOICE_QUIET_SECONDS": "6"]
                var sender = try await system.startVoiceSender(voicePartnerURL: server.url("/v1"), overrides: settings)
                let recipients = (0..<1_200).map { "+3361\(String(format: "%07d", $0))" }
                let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
                    var statuses: [Int] = []
                    for (index, recipient) in recipients.enumerated() {
                        if index >= 16, let status = try await group.next() { statuses.append(status) }
                        group.addTask {
                            try await system.dropVoicemail(account, to: recipient, tokenAudio: "tok-relance").status
                        }
                    }
                    for try await status in group { statuses.append(status) }
                    return statuses
                }
                #expect(accepted.count == 1_200 && accepted.allSatisfy { $0 == 202 })

                // Kill the sender while Voice Partner holds the first campaign request.
                try await eventuallyTrue(timeout: .seconds(60)) { await voicePartner.requestCount >= 1 }
                sender.signal(SIGKILL)
                _ = try await sender.waitForExit(timeout: .seconds(20))
                sender = try await system.startVoiceSender(voicePartnerURL: server.url("/v1"), overrides: settings)

                // Voice Partner calls back about the campaign it took (the only news the sender gets of it).
                try await eventuallyTrue(timeout: .seconds(60)) { await voicePartner.campaigns.count == 3 }
                // Members waiting in a campaign are held by its row, not by a job: no invariant is violated.
                let waiting = try await system.invariantViolations()
                #expect(waiting.isEmpty, "invariants violated while campaigns wait: \(waiting)")
                for campaign in await voicePartner.campaigns {
                    let reply = try await system.reportDrops(
                        notifyURL: try #require(campaign.notifyURL), campaignID: campaign.id,
                        delivered: campaign.phoneNumbers.count, total: campaign.phoneNumbers.count)
                    #expect(reply.status == 200)
                }
                var counts: [String: Int] = [:]
                let deadline = ContinuousClock.now + .seconds(90)
                while counts != ["delivered": 1_200], ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(250))
                    counts = try await system.messageStatusCounts()
                }
                #expect(counts == ["delivered": 1_200], "messages by status")
                let elapsed = ContinuousClock.now - started

                let campaigns = await voicePartner.campaigns
                let numbers = campaigns.flatMap(\.phoneNumbers)
                #expect(await voicePartner.requestCount == 3, "one request per campaign, no retry, no 429")
                #expect(campaigns.map(\.phoneNumbers.count).sorted() == [200, 500, 500])
                #expect(numbers.count == 1_200 && Set(numbers) == Set(recipients), "each number exactly once")
                #expect(campaigns.allSatisfy { $0.tokenAudio == "tok-relance" && $0.sender == "+33611223344" })
                #expect(await voicePartner.rateLimited == 0)

                // The held campaign took a second attempt, which found it through the callback instead of sending.
                var attempts: [Int] = []
                try await SMSSystem.administer { connection in
                    attempts = try await connection.query(
                        "select send_attempts from \(system.schema).voice_campaigns order by send_attempts"
                    ).map { try $0.decode(Int.self, "send_attempts") }
                }
                #expect(attempts.count == 3 && attempts.last ?? 0 >= 2, "send attempts per campaign: \(attempts)")

                let violations = try await system.invariantViolations()
                #expect(violations.isEmpty, "invariants violated: \(violations)")
                let credits = try await system.voiceCredits(account)
                #expect(credits["committed"] as? Int == 1_200 && credits["held"] as? Int == 0)
                print(
                    "voice drops: 1200 drops in \(campaigns.count) campaign requests, all delivered after "
                        + "\(elapsed) (including a SIGKILL and a lease expiry); 5 requests/min carry up to 2500 drops/min"
                )
                sender.signal(SIGTERM)
                _ = try await sender.waitForExit(timeout: .seconds(20))
            }
        }
    }
}
