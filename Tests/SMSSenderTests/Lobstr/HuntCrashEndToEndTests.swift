import Foundation
import LocalStubServer
import TestSupport
import Testing

/// From Lobstr to the sellers' phones through the real `gateway`, `hunt-orchestrator` and `sms-sender`, with the
/// orchestrator SIGKILLed in the middle of a run: a `run.done` webhook, three pages of results stored as ads
/// (plus a backlog of ads already there, so the run is long enough to be cut), the hunt fed by the squid run;
/// the orchestrator killed once part of the run's messages are accepted; a new one takes the job over (the
/// queue's visibility timeout), repairs the leads and goes on. Every matching ad gets exactly one message,
/// every provider request is for a different seller, the leads are all `contacted` and the credits end exact.
@Suite(.serialized, .timeLimit(.minutes(4))) struct HuntCrashEndToEndTests {
    @Test func aRunCutBySIGKILLIsResumedAndSendsEachSellerExactlyOnce() async throws {
        let stub = SMSEndToEndTests.stub()
        let lobstr = LobstrStub(apiKey: SMSSystem.lobstrKey)
        await lobstr.addRun("run-crash", results: 300)
        try await LocalStubServer.run(router: stub.router()) { smsServer in
            try await LocalStubServer.run(router: lobstr.router()) { lobstrServer in
                try await SMSSystem.run(
                    stub: stub, stubURL: smsServer.baseURL,
                    senderOverrides: [
                        "AP_SMS_RATE_PER_SECOND": "2000", "AP_SMS_RATE_BURST": "2000",
                    ]
                ) { system in
                    try await run(system, stub: stub, lobstrURL: lobstrServer.url("/v1"))
                }
            }
        }
    }

    private func run(_ system: SMSSystem, stub: ProviderContractStub, lobstrURL: String) async throws {
        let account = try await system.makeAccount(smsCredits: 5_000, smsMobileAPI: false)
        let hook = try await system.connectLobstr(account)
        // A backlog of 300 ads from earlier scans (distinct mobile numbers, not in the stub's 06 12 range).
        _ = try await system.column(
            """
            insert into ads (account_id, annonce_id, title, price, brand, model, city, owner_name, phone, phone_is_mobile,
                no_salesmen, latitude, longitude, category, raw)
            select '\(account.id)', 'old-' || i, 'Peugeot 208', 7000, 'Peugeot', '208', 'Lyon', 'Ancien ' || i,
                '+3370' || lpad(i::text, 7, '0'), true, false, 45.76, 4.84, 'Voitures', '{}'
            from generate_series(1, 300) as i
            returning 'x'
            """)
        let template = try await system.call(
            .post, "/api/templates", bearer: account.key,
            json: ["name": "sms", "channel": "sms", "text": "Bonjour {vendeur_nom}, votre {titre_annonce} ?"])
        let hunt = try await system.call(
            .post, "/api/hunts", bearer: account.key,
            json: [
                // Around the centre of postcode 69003 as the account's ads place it (Lobstr's ads carry it).
                "name": "208", "squidId": "squid-lyon",
                "criteria": ["brands": ["Peugeot"], "postcode": "69003", "radiusKm": 25],
                "steps": [["channels": ["sms"], "templates": ["sms": try #require(template.json["id"] as? String)]]],
                // A limit of its own, above what the run makes (without one a run takes at most 1,000).
                "dailyLimit": 5_000,
            ])
        let huntID = try #require(hunt.json["id"] as? String)

        var orchestrator = try await system.startHuntOrchestrator(lobstrURL: lobstrURL)
        #expect(try await system.lobstrEvent(hook, run: "run-crash", event: "run.done").status == 202)
        try await eventuallyTrue(timeout: .seconds(60)) {
            try await system.column("select status from lobstr_runs where run_id = 'run-crash'") == ["done"]
        }
        #expect(try await system.column("select count(*)::text from ads where annonce_id not like 'old-%'") == ["300"])
        // Ads 1,000 km away (Lobstr's and the backlog are in Lyon): outside the postcode's radius.
        _ = try await system.column(
            """
            insert into ads (account_id, annonce_id, title, price, brand, model, city, owner_name, phone, phone_is_mobile,
                no_salesmen, latitude, longitude, category, raw)
            select '\(account.id)', 'far-' || i, 'Peugeot 208', 7000, 'Peugeot', '208', 'Brest', 'Loin ' || i,
                '+3371' || lpad(i::text, 7, '0'), true, false, 48.39, -4.49, 'Voitures', '{}'
            from generate_series(1, 20) as i
            returning 'x'
            """)
        let matching = try await system.column(
            """
            select count(*)::text from ads
            where phone is not null and phone_is_mobile and not no_salesmen and city <> 'Brest'
            """)
        let expected = try #require(matching.first.flatMap { $0 }.flatMap { Int($0) })
        // More than a batch of 50, so a kill after the first commit lands inside the run.
        #expect(expected > 400)

        #expect(try await system.call(.post, "/api/hunts/\(huntID)/run", bearer: account.key).status == 202)
        func accepted() async throws -> Int {
            Int(try await system.column("select count(*)::text from messages").first.flatMap { $0 } ?? "0") ?? 0
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while try await accepted() < 50, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        orchestrator.signal(SIGKILL)
        _ = try await orchestrator.waitForExit(timeout: .seconds(20))
        let atKill = try await accepted()
        print("hunt run: SIGKILL after \(atKill) of \(expected) messages accepted")
        #expect(atKill < expected, "the kill landed inside the run")

        orchestrator = try await system.startHuntOrchestrator(lobstrURL: lobstrURL)
        do {
            try await eventuallyTrue(timeout: .seconds(150)) {
                await stub.takenCountsByBody().values.reduce(0, +) >= expected
            }
        } catch {
            print(
                "messages:", try await system.column("select status || ':' || count(*) from messages group by status"))
            throw error
        }
        try await Task.sleep(for: .seconds(2))
        let taken = await stub.takenCountsByBody()
        #expect(taken.count == expected && taken.values.allSatisfy { $0 == 1 }, "one request per seller")
        #expect(try await system.column("select count(*)::text from messages") == ["\(expected)"])
        #expect(
            try await system.column("select count(distinct recipient)::text from messages where hunt_id is not null")
                == ["\(expected)"])
        try await eventuallyTrue(timeout: .seconds(30)) {
            try await system.column("select stage || ':' || count(*) from leads group by stage") == [
                "contacted:\(expected)"
            ]
        }
        try await eventuallyTrue(timeout: .seconds(30)) {
            try await system.smsCredits(account)["committed"] as? Int == expected
        }
        #expect(try await system.smsCredits(account)["held"] as? Int == 0)
        orchestrator.signal(SIGTERM)
        _ = try await orchestrator.waitForExit(timeout: .seconds(20))
    }
}
