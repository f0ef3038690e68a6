import Foundation
import LocalStubServer
import TestSupport
import Testing

/// A hunt run through the real `gateway`, `hunt-orchestrator` and `sms-sender` executables: the ads its criteria
/// match that may be contacted (not a landline, not `no_salesmen`, not a blocked number, not a seller already
/// written to, inside the radius) get one SMS each on the first ready channel of the step (voice has no
/// credentials here), rendered from the template, within the daily limit; running again makes nothing twice;
/// leads become `contacted`; credits end exact (the one message written by hand and the hunt's three); a reply
/// makes its lead `replied` and a STOP `opted_out`.
@Suite(.serialized, .timeLimit(.minutes(3))) struct HuntRunEndToEndTests {
    private func ad(
        _ system: SMSSystem, _ account: SMSSystem.Account, _ annonce: String, phone: String, mobile: Bool = true,
        noSalesmen: Bool = false, lat: Double = 45.76, owner: String = "Léa"
    ) async throws {
        _ = try await system.column(
            """
            insert into ads (account_id, annonce_id, title, price, brand, model, city, owner_name, phone, phone_is_mobile,
                no_salesmen, latitude, longitude, category, raw)
            values ('\(account.id)', '\(annonce)', 'Peugeot 208', 8500, 'Peugeot', '208', 'Lyon', '\(owner)', '\(phone)',
                \(mobile), \(noSalesmen), \(lat), 4.84, 'Voitures', '{}')
            returning id::text
            """)
    }

    @Test func aRunContactsTheRightAdsOnceOnTheFirstReadyChannelWithinTheDailyLimit() async throws {
        let stub = SMSEndToEndTests.stub()
        try await LocalStubServer.run(router: stub.router()) { server in
            try await SMSSystem.run(stub: stub, stubURL: server.baseURL) { system in
                let account = try await system.makeAccount(smsCredits: 4, smsMobileAPI: false)
                let orchestrator = try await system.startHuntOrchestrator(lobstrURL: server.url("/v1"))
                try await ad(system, account, "1", phone: "+33611000001", owner: "Léa")
                try await ad(system, account, "2", phone: "+33611000002", owner: "Marc")
                try await ad(system, account, "3", phone: "+33611000003", owner: "Zoé")
                try await ad(system, account, "4", phone: "+33478000004", mobile: false)
                try await ad(system, account, "5", phone: "+33611000005", noSalesmen: true)
                try await ad(system, account, "6", phone: "+33611000006")
                try await ad(system, account, "7", phone: "+33611000007", lat: 48.85)  // Paris: outside 30 km
                try await ad(system, account, "8", phone: "+33611000008")
                #expect(
                    try await system.call(
                        .post, "/api/contacts/blocked", bearer: account.key, json: ["phone": "+33611000006"]
                    ).status == 201)
                // The account already wrote to seller 8.
                #expect(
                    try await system.sendSMS(account, to: "+33611000008", text: "Déjà contacté", provider: "twilio")
                        .status == 202)

                let sms = try await system.call(
                    .post, "/api/templates", bearer: account.key,
                    json: [
                        "name": "sms", "channel": "sms",
                        "text": "Bonjour {vendeur_nom}, votre {marque} {modele} à {prix} ?",
                    ])
                let voice = try await system.call(
                    .post, "/api/templates", bearer: account.key,
                    json: ["name": "voice", "channel": "voice", "tokenAudio": "tok-relance"])
                let hunt = try await system.call(
                    .post, "/api/hunts", bearer: account.key,
                    json: [
                        "name": "208 Lyon",
                        "criteria": ["brands": ["peugeot"], "center": ["lat": 45.764, "lng": 4.8357], "radiusKm": 30],
                        "steps": [
                            [
                                "channels": ["voice", "sms"],
                                "templates": [
                                    "voice": try #require(voice.json["id"] as? String),
                                    "sms": try #require(sms.json["id"] as? String),
                                ],
                            ]
                        ],
                        "dailyLimit": 2,
                    ])
                #expect(hunt.status == 201)
                let huntID = try #require(hunt.json["id"] as? String)

                let run = try await system.call(.post, "/api/hunts/\(huntID)/run", bearer: account.key)
                #expect(run.status == 202)
                // Two today (the daily limit), by SMS: the outbox relay hands them to the sender.
                try await eventuallyTrue(timeout: .seconds(60)) {
                    await stub.takenCountsByBody().keys.filter { $0.hasPrefix("Bonjour") }.count == 2
                }
                #expect(try await system.call(.post, "/api/hunts/\(huntID)/run", bearer: account.key).status == 202)
                try await Task.sleep(for: .seconds(3))
                #expect(
                    try await system.column("select count(*)::text from messages where hunt_id is not null") == ["2"])

                // A bigger limit: the third seller, and nobody twice.
                #expect(
                    try await system.call(.patch, "/api/hunts/\(huntID)", bearer: account.key, json: ["dailyLimit": 10])
                        .status == 200)
                #expect(try await system.call(.post, "/api/hunts/\(huntID)/run", bearer: account.key).status == 202)
                do {
                    try await eventuallyTrue(timeout: .seconds(60)) {
                        await stub.takenCountsByBody().keys.filter { $0.hasPrefix("Bonjour") }.count == 3
                    }
                } catch {
                    print(
                        "DIAG3",
                        try await system.column(
                            "select status || ' ' || coalesce(scheduled_at::text,'-') from messages"))
                    for line in orchestrator.logLines where line["message"] as? String == "hunt run done" {
                        print("orchestrator:", line)
                    }
                    throw error
                }
                let texts = await stub.takenCountsByBody()
                for (name, count) in texts where name.hasPrefix("Bonjour") { #expect(count == 1, "\(name)") }
                #expect(texts["Bonjour Léa, votre Peugeot 208 à 8 500 € ?"] == 1)
                let recipients = try await system.column(
                    "select recipient from messages where hunt_id is not null order by recipient")
                #expect(recipients == ["+33611000001", "+33611000002", "+33611000003"])
                let keys = try await system.column("select idempotency_key from messages where hunt_id is not null")
                #expect(keys.allSatisfy { $0?.hasPrefix("hunt-\(huntID)-sms-") == true })
                // A lead is `contacted` once its message is sent (recorded right after the provider's answer).
                try await eventuallyTrue(timeout: .seconds(20)) {
                    try await system.column("select stage || ':' || count(*) from leads group by stage") == [
                        "contacted:3"
                    ]
                }
                do {
                    try await eventuallyTrue(timeout: .seconds(30)) {
                        try await system.smsCredits(account)["committed"] as? Int == 4
                    }
                } catch {
                    print("credits when the wait failed:", try await system.smsCredits(account))
                    throw error
                }
                #expect(try await system.smsCredits(account)["held"] as? Int == 0)

                // Sellers answer: a reply makes the lead `replied`, a STOP makes it `opted_out`.
                for (sid, from, body) in [
                    ("SMr1", "+33611000001", "Oui, toujours dispo"), ("SMr2", "+33611000002", "STOP"),
                ] {
                    let path = "/webhooks/twilio/\(account.id)"
                    let form = [
                        (name: "MessageSid", value: sid), (name: "SmsSid", value: sid),
                        (name: "AccountSid", value: SMSSystem.twilioAccountSID), (name: "From", value: from),
                        (name: "To", value: "+15017122661"), (name: "Body", value: body),
                        (name: "NumMedia", value: "0"),
                        (name: "SmsStatus", value: "received"),
                    ]
                    let signature = try TwilioCallbackSigner.signature(
                        url: SMSSystem.publicURL + path, form: form, authToken: SMSSystem.twilioAuthToken)
                    #expect(
                        try await system.call(.post, path, form: form, headers: ["X-Twilio-Signature": signature])
                            .status
                            == 200)
                }
                try await eventuallyTrue(timeout: .seconds(20)) {
                    try await system.column(
                        "select a.phone || ':' || l.stage from leads l join ads a on a.id = l.ad_id order by a.phone")
                        == ["+33611000001:replied", "+33611000002:opted_out", "+33611000003:contacted"]
                }
                #expect(
                    try await system.column("select count(*)::text from blocked_contacts where phone = '+33611000002'")
                        == ["1"])
                orchestrator.signal(SIGTERM)
                _ = try await orchestrator.waitForExit(timeout: .seconds(20))
            }
        }
    }

    @Test func oneOfTwoOrchestratorsSchedulesTheDaysRunOnceAndAKilledLeaderIsReplaced() async throws {
        let stub = SMSEndToEndTests.stub()
        try await LocalStubServer.run(router: stub.router()) { server in
            try await SMSSystem.run(stub: stub, stubURL: server.baseURL) { system in
                let account = try await system.makeAccount(twilio: false, smsMobileAPI: false)
                let sms = try await system.call(
                    .post, "/api/templates", bearer: account.key,
                    json: ["name": "sms", "channel": "sms", "text": "Bonjour {vendeur_nom}"])
                let hunt = try await system.call(
                    .post, "/api/hunts", bearer: account.key,
                    json: [
                        "name": "Quotidienne",
                        "steps": [
                            ["channels": ["sms"], "templates": ["sms": try #require(sms.json["id"] as? String)]]
                        ],
                    ])
                let huntID = try #require(hunt.json["id"] as? String)
                let settings = ["AP_HUNT_SCHEDULE_SECONDS": "1", "AP_HUNT_LEADER_TTL_SECONDS": "2"]
                let first = try await system.startHuntOrchestrator(lobstrURL: server.url("/v1"), overrides: settings)
                let second = try await system.startHuntOrchestrator(lobstrURL: server.url("/v1"), overrides: settings)
                func leads(_ process: ServiceProcess) -> Bool {
                    process.logLines.contains { $0["message"] as? String == "hunt scheduler leading" }
                }
                func scheduled(_ process: ServiceProcess) -> Int {
                    process.logLines.filter { $0["message"] as? String == "hunt runs scheduled" }.count
                }
                try await eventuallyTrue(timeout: .seconds(20)) { leads(first) || leads(second) }
                try await Task.sleep(for: .seconds(3))
                #expect(leads(first) != leads(second), "exactly one leader")
                let (leader, follower) = leads(first) ? (first, second) : (second, first)
                // The day's run, once, under its id (later passes find it there).
                let formatter = DateFormatter()
                formatter.timeZone = TimeZone(identifier: "Europe/Paris")
                formatter.dateFormat = "yyyy-MM-dd"
                let jobID = "hunt-\(huntID)-\(formatter.string(from: Date()))"
                let job = try await system.call(
                    .get, "/api/admin/queues/hunt/jobs/\(jobID)", bearer: SMSSystem.adminSecret)
                #expect(job.status == 200, "the day's job \(jobID)")
                #expect(scheduled(leader) == 1 && scheduled(follower) == 0)

                leader.signal(SIGKILL)
                _ = try await leader.waitForExit(timeout: .seconds(20))
                let killed = ContinuousClock.now
                try await eventuallyTrue(timeout: .seconds(15)) { leads(follower) }
                print("hunt scheduler: a new leader \(ContinuousClock.now - killed) after the SIGKILL")
                try await Task.sleep(for: .seconds(2))
                #expect(scheduled(follower) == 0, "the new leader finds the day's run already there")
                follower.signal(SIGTERM)
                _ = try await follower.waitForExit(timeout: .seconds(20))
            }
        }
    }

    @Test func aFollowUpGoesAfterItsDaysToSellersWhoDidNotAnswerOnly() async throws {
        let stub = SMSEndToEndTests.stub()
        try await LocalStubServer.run(router: stub.router()) { server in
            try await SMSSystem.run(stub: stub, stubURL: server.baseURL) { system in
                let account = try await system.makeAccount(smsCredits: 10, smsMobileAPI: false)
                var orchestrator = try await system.startHuntOrchestrator(lobstrURL: server.url("/v1"))
                for (index, owner) in ["Léa", "Marc", "Zoé"].enumerated() {
                    try await ad(system, account, "\(index + 1)", phone: "+3361100000\(index + 1)", owner: owner)
                }
                var templates: [String] = []
                for text in ["Bonjour {vendeur_nom}", "Relance {vendeur_nom}"] {
                    let created = try await system.call(
                        .post, "/api/templates", bearer: account.key,
                        json: ["name": text, "channel": "sms", "text": text])
                    templates.append(try #require(created.json["id"] as? String))
                }
                let hunt = try await system.call(
                    .post, "/api/hunts", bearer: account.key,
                    json: [
                        "name": "Relances",
                        "steps": [
                            ["channels": ["sms"], "templates": ["sms": templates[0]]],
                            ["afterDays": 2, "channels": ["sms"], "templates": ["sms": templates[1]]],
                        ],
                    ])
                let huntID = try #require(hunt.json["id"] as? String)
                func run() async throws {
                    #expect(try await system.call(.post, "/api/hunts/\(huntID)/run", bearer: account.key).status == 202)
                }
                func sent(_ prefix: String) async -> Int {
                    await stub.takenCountsByBody().filter { $0.key.hasPrefix(prefix) }.values.reduce(0, +)
                }
                try await run()
                try await eventuallyTrue(timeout: .seconds(60)) { await sent("Bonjour") == 3 }
                // Léa answers; a run now sends no follow-up (two days have not passed).
                _ = try await system.column(
                    """
                    update leads set stage = 'replied' from ads
                    where ads.id = leads.ad_id and ads.phone = '+33611000001' returning leads.id::text
                    """)
                try await run()
                try await Task.sleep(for: .seconds(3))
                #expect(await sent("Relance") == 0)
                // Three days later (an orchestrator whose clock is three days ahead): its scheduler enqueues that
                // day's run by itself, and the two who did not answer get step 2.
                orchestrator.signal(SIGTERM)
                _ = try await orchestrator.waitForExit(timeout: .seconds(20))
                orchestrator = try await system.startHuntOrchestrator(
                    lobstrURL: server.url("/v1"),
                    overrides: ["AP_HUNT_CLOCK_OFFSET_SECONDS": "\(3 * 86_400)", "AP_HUNT_SCHEDULE_SECONDS": "1"])
                do {
                    try await eventuallyTrue(timeout: .seconds(60)) { await sent("Relance") == 2 }
                } catch {
                    for line in orchestrator.logLines where line["message"] as? String == "hunt run done" {
                        print("orchestrator:", line)
                    }
                    print(
                        "messages:",
                        try await system.column("select status || ' ' || body || ' ' || created_at from messages"))
                    throw error
                }
                let formatter = DateFormatter()
                formatter.timeZone = TimeZone(identifier: "Europe/Paris")
                formatter.dateFormat = "yyyy-MM-dd"
                let dayJob = "hunt-\(huntID)-\(formatter.string(from: Date().addingTimeInterval(3 * 86_400)))"
                #expect(
                    try await system.call(.get, "/api/admin/queues/hunt/jobs/\(dayJob)", bearer: SMSSystem.adminSecret)
                        .status == 200, "that day's job \(dayJob)")
                try await run()
                try await Task.sleep(for: .seconds(3))
                let counts = await stub.takenCountsByBody()
                #expect(counts.filter { $0.key.hasPrefix("Relance") }.values.allSatisfy { $0 == 1 })
                let relances = await sent("Relance")
                let firsts = await sent("Bonjour")
                #expect(counts["Relance Léa"] == nil && relances == 2 && firsts == 3)
                let keys = try await system.column(
                    "select idempotency_key from messages where body like 'Relance%' order by idempotency_key")
                #expect(
                    try await system.column("select body from messages where body like 'Relance%' order by body") == [
                        "Relance Marc", "Relance Zoé",
                    ])
                #expect(keys.count == 2 && keys.allSatisfy { $0?.hasPrefix("hunt-\(huntID)-s2-sms-") == true })
                orchestrator.signal(SIGTERM)
                _ = try await orchestrator.waitForExit(timeout: .seconds(20))
            }
        }
    }
}
