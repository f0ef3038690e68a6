import Foundation
import LocalStubServer
import Postgres
import TestSupport
import Testing

/// A hunt whose steps go by WhatsApp, through the real `gateway`, `whatsapp-gateway` (a Cloud API session against
/// the Graph API stub) and `hunt-orchestrator`: the day's first contacts leave through the worker's session to
/// Meta once each, with the rendered template and the message id as callback data; Meta's signed status webhooks
/// make them delivered and their leads contacted; re-running the day sends nothing; a WhatsApp reply marks its
/// lead replied; and the follow-up days later reaches only the sellers who did not answer. Credits end exact.
@Suite(.timeLimit(.minutes(4))) struct HuntWhatsAppProcessTests {
    static let token = "EAAG-hunt-token-1"
    static let appSecret = "hunt_app_secret"
    static let phoneNumberID = "106540352242922"
    private static let sellers = [("1", "Léa"), ("2", "Marc"), ("3", "Zoé")]

    private func object(_ reply: HTTPProbe.Reply) -> [String: Any] { HTTPProbe.object(reply) }

    private func eventually(
        _ what: String, timeout: Duration = .seconds(45), _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ServiceProcess.Timeout(what: what)
    }

    @Test func aHuntsWhatsAppStepsLeaveThroughTheWorkersCloudSessionAndAReplyThereStopsTheFollowUp() async throws {
        let stub = GraphAPIStub(
            phoneNumberID: Self.phoneNumberID, displayPhoneNumber: "1 555-078-3881", token: Self.token,
            appSecret: Self.appSecret)
        try await LocalStubServer.run(router: stub.router()) { server in
            try await WorkerProcessTests.withGateway { port, environment in
                var workerSettings = environment
                let workerID = "wa-\(TestSchema.randomSuffix(8))"
                workerSettings["AP_WORKER_ID"] = workerID
                workerSettings["AP_WA_CLOUD_API_URL"] = server.url("/v21.0")
                workerSettings["AP_WA_MIN_GAP_SECONDS"] = "0"
                workerSettings["AP_WA_JITTER_SECONDS"] = "0"
                let worker = try ServiceProcess(product: "whatsapp-gateway", environment: workerSettings)
                _ = try await WorkerProcessTests.worker(workerID, port: port) { $0["status"] as? String == "online" }
                let database = PostgresPool(
                    configuration: try PostgresConfiguration(url: try #require(environment["AP_DATABASE_URL"])),
                    logger: TestStores.quietLogger)
                do {
                    try await run(port: port, environment: environment, stub: stub, database: database)
                } catch {
                    await database.close()
                    worker.signal(SIGKILL)
                    throw error
                }
                await database.close()
                worker.signal(SIGTERM)
                _ = try await worker.waitForExit(timeout: .seconds(15))
            }
        }
    }

    private func run(port: Int, environment: [String: String], stub: GraphAPIStub, database: PostgresPool)
        async throws
    {
        let (accountID, key) = try await account(port: port)
        await stub.deliverWebhooks(port: port, path: "/webhooks/whatsapp/\(accountID)")
        let created = object(
            try await HTTPProbe.send(
                "POST", port: port, path: "/api/sessions", bearer: key,
                json: [
                    "name": "prospection", "engine": "cloud",
                    "cloud": ["phoneNumberId": Self.phoneNumberID, "accessToken": Self.token],
                ]))
        let sessionID = try #require(created["id"] as? String)
        try await eventually("the cloud session to connect") {
            object(try await HTTPProbe.get(port: port, path: "/api/sessions/\(sessionID)", bearer: key))["status"]
                as? String == "connected"
        }
        for (index, owner) in Self.sellers {
            _ = try await database.execute(
                """
                insert into ads (account_id, annonce_id, title, price, brand, model, city, owner_name, phone,
                    phone_is_mobile, no_salesmen, latitude, longitude, category, raw)
                values ($1::uuid, $2, 'Clio', 12500, 'Renault', 'Clio', 'Lyon', $3, $4, true, false, 45.76, 4.84,
                    'Voitures', '{}')
                """, [accountID, "wa-\(index)", owner, "+3361100000\(index)"])
        }
        let first = try await template(port: port, key: key, "Bonjour {vendeur_nom}, votre {marque} à {prix} ?")
        let followUp = try await template(port: port, key: key, "Relance {vendeur_nom}")
        let hunt = object(
            try await HTTPProbe.send(
                "POST", port: port, path: "/api/hunts", bearer: key,
                json: [
                    "name": "WhatsApp Lyon",
                    "steps": [
                        ["channels": ["whatsapp"], "templates": ["whatsapp": first]],
                        ["afterDays": 2, "channels": ["whatsapp"], "templates": ["whatsapp": followUp]],
                    ],
                ]))
        let huntID = try #require(hunt["id"] as? String)
        var orchestrator = try await startOrchestrator(environment)
        func runNow() async throws {
            let reply = try await HTTPProbe.send("POST", port: port, path: "/api/hunts/\(huntID)/run", bearer: key)
            #expect(reply.status == 202)
        }
        func taken(_ prefix: String) async -> [GraphAPIStub.Taken] {
            await stub.taken.filter { text(of: $0).hasPrefix(prefix) }
        }
        func column(_ sql: String) async throws -> [String] {
            try await database.query(sql).map { try $0.decode(String.self, at: 0) }
        }

        do {
            // The day's first contacts: one Graph API request each, through the worker's session.
            try await runNow()
            try await eventually("three first contacts taken by Meta") { await taken("Bonjour").count == 3 }
            let firsts = await taken("Bonjour")
            #expect(Set(firsts.map(\.to)) == ["33611000001", "33611000002", "33611000003"])
            #expect(firsts.allSatisfy { $0.type == "text" })
            #expect(firsts.contains { text(of: $0) == "Bonjour Léa, votre Renault à 12 500 € ?" })
            let messageIDs = try await column(
                "select id::text from messages where channel = 'whatsapp' and session_id = '\(sessionID)'")
            #expect(Set(firsts.compactMap(\.opaque)) == Set(messageIDs) && messageIDs.count == 3)
            // Meta's status webhooks: delivered (then read), and the leads move to contacted.
            try await eventually("the first contacts delivered and read") {
                try await column("select status from messages order by status") == ["read", "read", "read"]
            }
            #expect(try await column("select stage from leads") == ["contacted", "contacted", "contacted"])

            // Re-running the day sends nothing new (the scheduler's own run of the day may come too: any count).
            let runsBefore = Int(try await column("select count(*)::text from hunt_runs").first ?? "0") ?? 0
            try await runNow()
            try await eventually("the second run of the day reported") {
                Int(try await column("select count(*)::text from hunt_runs").first ?? "0") ?? 0 > runsBefore
            }
            #expect(await stub.taken.count == 3)

            // Léa answers on WhatsApp: her lead is replied.
            let inbound = GraphAPIStub.webhookPayload(
                phoneNumberID: Self.phoneNumberID,
                value: [
                    "contacts": [["profile": ["name": "Léa"], "wa_id": "33611000001"]],
                    "messages": [
                        [
                            "from": "33611000001", "id": "wamid.hunt-reply-1", "timestamp": "1749416383",
                            "type": "text", "text": ["body": "Oui, toujours dispo"],
                        ]
                    ],
                ])
            let posted = try await GraphAPIStub.postSigned(
                inbound, port: port, path: "/webhooks/whatsapp/\(accountID)", secret: Self.appSecret)
            #expect(posted.status == 200)
            try await eventually("Léa's lead replied") {
                try await column(
                    "select a.owner_name || ':' || l.stage from leads l join ads a on a.id = l.ad_id order by 1")
                    == ["Léa:replied", "Marc:contacted", "Zoé:contacted"]
            }

            // Three days later (an orchestrator whose clock is ahead): the follow-up goes to Marc and Zoé only.
            orchestrator.signal(SIGTERM)
            _ = try await orchestrator.waitForExit(timeout: .seconds(20))
            orchestrator = try await startOrchestrator(
                environment, ["AP_HUNT_CLOCK_OFFSET_SECONDS": "\(3 * 86_400)", "AP_HUNT_SCHEDULE_SECONDS": "1"])
            try await eventually("two follow-ups taken by Meta") { await taken("Relance").count == 2 }
            try await runNow()
            try await Task.sleep(for: .seconds(3))
            #expect(Set(await taken("Relance").map { text(of: $0) }) == ["Relance Marc", "Relance Zoé"])
            #expect(await stub.taken.count == 5)
            #expect(Set(await stub.takenCountsByMessage().values) == [1])

            // Every message final, and the credits exact: five sent, none held.
            try await eventually("the follow-ups read") {
                try await column("select status from messages where body like 'Relance%'") == ["read", "read"]
            }
            let credits =
                (try? JSONSerialization.jsonObject(
                    with: try await HTTPProbe.get(port: port, path: "/api/credits", bearer: key).body))
                as? [[String: Any]]
            let whatsapp = credits?.first { $0["channel"] as? String == "whatsapp" }
            #expect(whatsapp?["committed"] as? Int == 5)
            #expect(whatsapp?["held"] as? Int == 0)
            orchestrator.signal(SIGTERM)
            _ = try await orchestrator.waitForExit(timeout: .seconds(20))
        } catch {
            orchestrator.signal(SIGKILL)
            throw error
        }
    }

    /// An account with 10 WhatsApp credits and its Cloud API webhook secret: (account id, API key).
    private func account(port: Int) async throws -> (String, String) {
        let (id, key) = try await HTTPProbe.account(port: port, name: "hunts", credits: ["whatsapp": 10])
        let stored = try await HTTPProbe.send(
            "PUT", port: port, path: "/api/channels/whatsapp/credentials/cloud", bearer: key,
            json: ["appSecret": Self.appSecret, "verifyToken": "hunt-verify"])
        #expect(stored.status == 204)
        return (id, key)
    }

    private func template(port: Int, key: String, _ text: String) async throws -> String {
        let reply = try await HTTPProbe.send(
            "POST", port: port, path: "/api/templates", bearer: key,
            json: ["name": text, "channel": "whatsapp", "text": text])
        return try #require(object(reply)["id"] as? String, "template \(reply.status)")
    }

    /// A `hunt-orchestrator` on the gateway's stores (Lobstr is not called here), once it is up.
    private func startOrchestrator(_ environment: [String: String], _ overrides: [String: String] = [:])
        async throws -> ServiceProcess
    {
        var settings = environment
        settings["AP_HEALTH_PORT"] = "0"
        settings["AP_LOBSTR_BASE_URL"] = "http://127.0.0.1:9/v1"
        settings["AP_VISIBILITY_TIMEOUT_SECONDS"] = "3"
        settings.merge(overrides) { $1 }
        let process = try ServiceProcess(product: "hunt-orchestrator", environment: settings)
        _ = try await process.loggedInteger("health.port", timeout: .seconds(60))
        return process
    }

    /// The text body Graph was given.
    private func text(of taken: GraphAPIStub.Taken) -> String {
        let object = (try? JSONSerialization.jsonObject(with: Data(taken.json.utf8))) as? [String: Any]
        return (object?["text"] as? [String: Any])?["body"] as? String ?? ""
    }
}
