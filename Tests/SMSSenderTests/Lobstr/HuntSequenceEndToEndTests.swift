import Foundation
import LocalStubServer
import TestSupport
import Testing

/// Hunt sequences through the real `gateway`, `hunt-orchestrator`, `sms-sender` and `voice-sender` (Twilio and
/// Voice Partner stubs): a send the provider refuses moves on to the step's next ready channel (a voicemail drop
/// here, sent as a Voice Partner campaign), within a scheduler pass; A/B variants split the
/// step's leads, each message carrying its variant; a reply cancels the follow-up already accepted for the
/// window's next opening and releases its hold; the stats count all of it; and the account's limits (a per-
/// sender daily cap, a daily limit across hunts) stop a run with the reason in its report and event.
@Suite(.serialized, .timeLimit(.minutes(3))) struct HuntSequenceEndToEndTests {
    private func ad(_ system: SMSSystem, _ account: SMSSystem.Account, _ index: Int, owner: String) async throws {
        _ = try await system.column(
            """
            insert into ads (account_id, annonce_id, title, price, brand, model, city, owner_name, phone, phone_is_mobile,
                no_salesmen, latitude, longitude, category, raw)
            values ('\(account.id)', 'seq-\(index)', 'Clio', 6000, 'Renault', 'Clio', 'Lyon', '\(owner)',
                '+3361100000\(index)', true, false, 45.76, 4.84, 'Voitures', '{}')
            returning id::text
            """)
    }

    private func template(_ system: SMSSystem, _ account: SMSSystem.Account, _ fields: [String: Any]) async throws
        -> String
    {
        let created = try await system.call(.post, "/api/templates", bearer: account.key, json: fields)
        return try #require(created.json["id"] as? String, "template \(created.status)")
    }

    private func reply(_ system: SMSSystem, _ account: SMSSystem.Account, from: String, body: String) async throws {
        let path = "/webhooks/twilio/\(account.id)"
        let form = [
            (name: "MessageSid", value: "SMreply\(from.suffix(4))"),
            (name: "SmsSid", value: "SMreply\(from.suffix(4))"),
            (name: "AccountSid", value: SMSSystem.twilioAccountSID), (name: "From", value: from),
            (name: "To", value: "+15017122661"), (name: "Body", value: body), (name: "NumMedia", value: "0"),
            (name: "SmsStatus", value: "received"),
        ]
        let signature = try TwilioCallbackSigner.signature(
            url: SMSSystem.publicURL + path, form: form, authToken: SMSSystem.twilioAuthToken)
        #expect(
            try await system.call(.post, path, form: form, headers: ["X-Twilio-Signature": signature]).status == 200)
    }

    @Test func aFailedSendMovesOnVariantsSplitAndAReplyCancelsTheFollowUpWaitingForTheWindow() async throws {
        let stub = SMSEndToEndTests.stub()
        let voicePartner = VoicePartnerStub(apiKey: SMSSystem.voicePartnerKey)
        try await LocalStubServer.run(router: stub.router()) { server in
            try await LocalStubServer.run(router: voicePartner.router()) { voiceServer in
                try await SMSSystem.run(stub: stub, stubURL: server.baseURL) { system in
                    try await sequence(
                        system, stub: stub, voicePartner: voicePartner, lobstrURL: server.url("/v1"),
                        voicePartnerURL: voiceServer.url("/v1"))
                }
            }
        }
    }

    private func sequence(
        _ system: SMSSystem, stub: ProviderContractStub, voicePartner: VoicePartnerStub, lobstrURL: String,
        voicePartnerURL: String
    ) async throws {
        let account = try await system.makeAccount(smsCredits: 20, smsMobileAPI: false)
        try await system.enableVoice(account, credits: 5)
        let voiceSender = try await system.startVoiceSender(voicePartnerURL: voicePartnerURL)
        let orchestrator = try await system.startHuntOrchestrator(
            lobstrURL: lobstrURL, overrides: ["AP_HUNT_SCHEDULE_SECONDS": "1"])
        for (index, owner) in ["Léa", "Marc", "Zoé", "Paul"].enumerated() {
            try await ad(system, account, index + 1, owner: owner)
        }
        // Twilio refuses seller 3's number for good: the step goes on by voice.
        await stub.script("+33611000003", [.twilioError(status: 400, code: 21211, retryAfter: nil)])
        let smsA = try await template(
            system, account, ["name": "A", "channel": "sms", "text": "Bonjour A {vendeur_nom}"])
        let smsB = try await template(
            system, account, ["name": "B", "channel": "sms", "text": "Bonjour B {vendeur_nom}"])
        let voice = try await template(
            system, account, ["name": "v", "channel": "voice", "tokenAudio": "tok-clio"])
        let relance = try await template(
            system, account, ["name": "r", "channel": "sms", "text": "Relance {vendeur_nom}"])
        let hunt = try await system.call(
            .post, "/api/hunts", bearer: account.key,
            json: [
                "name": "Clio",
                "steps": [
                    [
                        "channels": ["sms", "voice"], "templates": ["sms": smsA, "voice": voice],
                        "variants": [["sms": smsB, "voice": voice]],
                    ],
                    ["afterDays": 1, "channels": ["sms"], "templates": ["sms": relance]],
                ],
            ])
        #expect(hunt.status == 201, "\(hunt.json)")
        let huntID = try #require(hunt.json["id"] as? String)
        #expect(try await system.call(.post, "/api/hunts/\(huntID)/run", bearer: account.key).status == 202)
        try await eventuallyTrue(timeout: .seconds(60)) {
            await stub.takenCountsByBody().keys.filter { $0.hasPrefix("Bonjour") }.count == 3
        }
        // Seller 3: the SMS failed, then a reroute run made the voice drop of the same step.
        try await eventuallyTrue(timeout: .seconds(30)) {
            try await system.column(
                "select channel || ':' || status from messages where recipient = '+33611000003' order by created_at")
                == ["sms:failed", "voice:sent"]
        }
        let campaigns = await voicePartner.campaigns
        #expect(campaigns.count == 1 && campaigns.first?.tokenAudio == "tok-clio")
        #expect(campaigns.first?.phoneNumbers.count == 1)
        try await eventuallyTrue(timeout: .seconds(20)) {
            try await system.voiceCredits(account)["committed"] as? Int == 1
        }
        #expect(try await system.voiceCredits(account)["held"] as? Int == 0)
        let seller3 = try await system.column(
            "select channel || ':' || hunt_step || ':' || idempotency_key from messages where recipient = '+33611000003' order by created_at"
        )
        #expect(seller3.count == 2)
        #expect(seller3.first??.hasPrefix("sms:0:hunt-\(huntID)-sms-") == true)
        #expect(seller3.last??.hasPrefix("voice:0:hunt-\(huntID)-voice-") == true)
        // Each SMS carries the text of its variant.
        let variants = try await system.column(
            "select hunt_variant || ':' || body from messages where channel = 'sms' and hunt_step = 0")
        #expect(variants.count == 4)
        for row in variants {
            let parts = try #require(row).split(separator: ":", maxSplits: 1)
            #expect(
                (parts[0] == "0" && parts[1].hasPrefix("Bonjour A"))
                    || (parts[0] == "1" && parts[1].hasPrefix("Bonjour B")), "\(row ?? "")")
        }

        // Two days later, outside the hunt's days (today is left out of its window): the follow-ups of the
        // four sellers reached (seller 3 by the voice drop) are accepted for the window's next opening. Then
        // seller 1 answers: theirs is cancelled and its hold released.
        _ = try await system.column(
            "update messages set created_at = created_at - interval '2 days' where hunt_id is not null returning id::text"
        )
        var paris = Calendar(identifier: .iso8601)
        paris.timeZone = TimeZone(identifier: "Europe/Paris")!
        let weekday = (paris.component(.weekday, from: Date()) + 5) % 7 + 1  // 1 Monday … 7 Sunday
        let patch = try await system.call(
            .patch, "/api/hunts/\(huntID)", bearer: account.key,
            json: [
                "window": [
                    "days": (1...7).filter { $0 != weekday }, "from": "09:00", "to": "19:00",
                    "timeZone": "Europe/Paris",
                ]
            ])
        #expect(patch.status == 200, "\(patch.json)")
        let heldBefore = try #require(try await system.smsCredits(account)["held"] as? Int)
        #expect(try await system.call(.post, "/api/hunts/\(huntID)/run", bearer: account.key).status == 202)
        try await eventuallyTrue(timeout: .seconds(30)) {
            try await system.column(
                "select count(*)::text from messages where hunt_step = 1 and status = 'pending' and scheduled_at > now()"
            ) == ["4"]
        }
        #expect(try await system.smsCredits(account)["held"] as? Int == heldBefore + 4)
        try await reply(system, account, from: "+33611000001", body: "Oui je vends toujours")
        try await eventuallyTrue(timeout: .seconds(20)) {
            try await system.column(
                "select recipient || ':' || status from messages where hunt_step = 1 order by recipient") == [
                    "+33611000001:cancelled", "+33611000002:pending", "+33611000003:pending",
                    "+33611000004:pending",
                ]
        }
        #expect(try await system.smsCredits(account)["held"] as? Int == heldBefore + 3)
        #expect(await stub.takenCountsByBody().keys.filter { $0.hasPrefix("Relance") }.isEmpty)

        let stats = try await system.call(.get, "/api/hunts/\(huntID)/stats", bearer: account.key)
        #expect(stats.status == 200)
        let total = try #require(stats.json["total"] as? [String: [String: Int]], "\(stats.json)")
        #expect(total["sms"]?["allocated"] == 8 && total["sms"]?["sent"] == 3 && total["sms"]?["failed"] == 1)
        #expect(total["voice"]?["allocated"] == 1 && total["voice"]?["sent"] == 1)
        #expect((stats.json["leads"] as? [String: Int]) == ["contacted": 3, "replied": 1])
        let steps = try #require(stats.json["steps"] as? [[String: Any]])
        let firstStep = steps.filter { $0["step"] as? Int == 1 }
        #expect(firstStep.map { $0["allocated"] as? Int ?? 0 }.reduce(0, +) == 5)
        #expect(firstStep.map { $0["replied"] as? Int ?? 0 }.reduce(0, +) == 1)
        let secondStep = try #require(steps.first { $0["step"] as? Int == 2 })
        #expect(secondStep["allocated"] as? Int == 4 && secondStep["cancelled"] as? Int == 1)
        let lastRun = try #require(stats.json["lastRun"] as? [String: Any])
        #expect((lastRun["allocated"] as? [String: Int]) == ["sms.step2": 4])
        #expect(
            try await system.column(
                "select count(*)::text from hunt_runs where published_at is null and finished_at < now() - interval '10 seconds'"
            ) == ["0"])
        orchestrator.signal(SIGTERM)
        _ = try await orchestrator.waitForExit(timeout: .seconds(20))
        voiceSender.signal(SIGTERM)
        _ = try await voiceSender.waitForExit(timeout: .seconds(20))
    }

    @Test func theAccountsSenderCapAndDailyLimitStopARunWithTheirReason() async throws {
        let stub = SMSEndToEndTests.stub()
        try await LocalStubServer.run(router: stub.router()) { server in
            try await SMSSystem.run(stub: stub, stubURL: server.baseURL) { system in
                let account = try await system.makeAccount(smsCredits: 20, smsMobileAPI: false)
                let orchestrator = try await system.startHuntOrchestrator(lobstrURL: server.url("/v1"))
                for index in 1...5 { try await ad(system, account, index, owner: "Vendeur \(index)") }
                let bad = try await system.call(
                    .put, "/api/outreach/limits", bearer: account.key,
                    json: ["smsPerSender": 0, "whatsappRampUp": ["start": 0, "perDay": 5]])
                #expect(bad.status == 422)
                #expect(
                    Set((bad.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }) == [
                        "smsPerSender", "whatsappRampUp.start",
                    ])
                #expect(
                    try await system.call(.put, "/api/outreach/limits", bearer: account.key, json: ["smsPerSender": 2])
                        .status == 200)
                let sms = try await template(
                    system, account, ["name": "s", "channel": "sms", "text": "Bonjour {vendeur_nom}"])
                func hunt(_ name: String) async throws -> String {
                    let created = try await system.call(
                        .post, "/api/hunts", bearer: account.key,
                        json: ["name": name, "steps": [["channels": ["sms"], "templates": ["sms": sms]]]])
                    return try #require(created.json["id"] as? String)
                }
                func lastRun(_ huntID: String) async throws -> [String: Any]? {
                    try await system.call(.get, "/api/hunts/\(huntID)/stats", bearer: account.key).json["lastRun"]
                        as? [String: Any]
                }
                let first = try await hunt("Premier")
                #expect(try await system.call(.post, "/api/hunts/\(first)/run", bearer: account.key).status == 202)
                try await eventuallyTrue(timeout: .seconds(30)) { try await lastRun(first) != nil }
                let capped = try #require(try await lastRun(first))
                #expect((capped["allocated"] as? [String: Int]) == ["sms": 2])
                #expect((capped["skipped"] as? [String: Int]) == ["sender_cap_reached": 3])

                // No sender cap now, but 2 contacts a day for the whole account: the second hunt finds none left.
                #expect(
                    try await system.call(.put, "/api/outreach/limits", bearer: account.key, json: ["dailyLimit": 2])
                        .status == 200)
                let second = try await hunt("Second")
                #expect(try await system.call(.post, "/api/hunts/\(second)/run", bearer: account.key).status == 202)
                try await eventuallyTrue(timeout: .seconds(30)) { try await lastRun(second) != nil }
                let limited = try #require(try await lastRun(second))
                #expect((limited["allocated"] as? [String: Int]) == [:])
                #expect((limited["skipped"] as? [String: Int]) == ["account_limit_reached": 1])
                #expect(
                    try await system.column("select count(*)::text from messages where hunt_id is not null") == ["2"])
                orchestrator.signal(SIGTERM)
                _ = try await orchestrator.waitForExit(timeout: .seconds(20))
            }
        }
    }

    @Test func newWhatsAppNumbersTakeOnlyTheirRampUpEachAndTheRestGoesBySMS() async throws {
        let stub = SMSEndToEndTests.stub()
        try await LocalStubServer.run(router: stub.router()) { server in
            try await SMSSystem.run(stub: stub, stubURL: server.baseURL) { system in
                let account = try await system.makeAccount(smsCredits: 20, smsMobileAPI: false)
                #expect(
                    try await system.call(
                        .post, "/api/admin/accounts/\(account.id)/credits", bearer: SMSSystem.adminSecret,
                        json: ["channel": "whatsapp", "amount": 20]
                    ).status == 200)
                let orchestrator = try await system.startHuntOrchestrator(lobstrURL: server.url("/v1"))
                for index in 1...5 { try await ad(system, account, index, owner: "Vendeur \(index)") }
                // Two numbers paired today: on its first day the ramp-up allows each 2 messages (a full number
                // hands over to the other before the hunt falls to SMS).
                var sessions: [String] = []
                for number in ["+33600000098", "+33600000099"] {
                    sessions.append(
                        try #require(
                            try await system.column(
                                """
                                insert into wa_sessions (account_id, name, engine, status, phone)
                                values ('\(account.id)', '\(number)', 'sandbox', 'connected', '\(number)')
                                returning id::text
                                """
                            ).first ?? nil))
                }
                #expect(
                    try await system.call(
                        .put, "/api/outreach/limits", bearer: account.key,
                        json: ["whatsappPerSession": 50, "whatsappRampUp": ["start": 2, "perDay": 10]]
                    ).status == 200)
                let whatsapp = try await template(
                    system, account, ["name": "w", "channel": "whatsapp", "text": "Bonjour {vendeur_nom}"])
                let sms = try await template(
                    system, account, ["name": "s", "channel": "sms", "text": "Bonjour {vendeur_nom}"])
                let hunt = try await system.call(
                    .post, "/api/hunts", bearer: account.key,
                    json: [
                        "name": "WhatsApp d'abord",
                        "steps": [
                            ["channels": ["whatsapp", "sms"], "templates": ["whatsapp": whatsapp, "sms": sms]]
                        ],
                    ])
                let huntID = try #require(hunt.json["id"] as? String)
                #expect(try await system.call(.post, "/api/hunts/\(huntID)/run", bearer: account.key).status == 202)
                try await eventuallyTrue(timeout: .seconds(30)) {
                    try await system.column("select count(*)::text from hunt_runs") == ["1"]
                }
                #expect(
                    try await system.column(
                        "select channel || ':' || coalesce(session_id::text, '-') || ':' || count(*) from messages group by channel, session_id order by 1"
                    ) == (["sms:-:1"] + sessions.map { "whatsapp:\($0):2" }).sorted())
                orchestrator.signal(SIGTERM)
                _ = try await orchestrator.waitForExit(timeout: .seconds(20))
            }
        }
    }

}
