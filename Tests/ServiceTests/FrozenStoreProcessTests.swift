import Foundation
import Postgres
import Schema
import TestSupport
import Testing

/// The gateway in front of a Postgres that stops answering mid-connection (a frozen link, not a refused
/// port): every call has a deadline, so the API answers 503 problem+json within seconds instead of hanging,
/// and serves again once Postgres answers.
@Suite(.timeLimit(.minutes(2))) struct FrozenStoreProcessTests {
    @Test func aFrozenPostgresGives503WithinSecondsAndTheAPIRecoversWhenItThaws() async throws {
        let upstream = try #require(URLComponents(string: TestEnvironment.databaseURL)?.port)
        let proxy = try FreezableTCPProxy(upstreamPort: upstream)
        defer { proxy.close() }
        // A database of its own: its start-up (3 s deadlines) must not share a database with every other test's
        // migrations.
        var server = try PostgresConfiguration(url: TestEnvironment.databaseURL)
        server.poolSize = 1
        let database = "ap_frozen_\(TestSchema.randomSuffix(10))"
        let administration = try await PostgresConnection.connect(configuration: server, logger: TestStores.quietLogger)
        try await administration.executeScript("create database \(database)")
        var own = server
        own.database = database
        let migrating = PostgresPool(configuration: own, logger: TestStores.quietLogger)
        try await Migrator.migrate(pool: migrating, logger: TestStores.quietLogger)
        await migrating.close()
        let ownURL = "postgres://\(server.username)@127.0.0.1:\(proxy.port)/\(database)?connect_timeout=2"
        var environment = ServiceProcessTests.storeEnvironment
        environment["AP_DATABASE_URL"] = ownURL
        environment["AP_REDIS_PREFIX"] = "t-\(TestSchema.randomSuffix(10)):"
        environment["AP_HTTP_PORT"] = "0"
        environment["AP_ADMIN_SECRET"] = WorkerProcessTests.adminSecret
        environment["AP_WORKER_TOKEN"] = WorkerProcessTests.workerToken
        environment["AP_SEALING_KEYS"] = "k1:\(EnvironmentConfigurationTests.sealingKey)"
        environment["AP_SEALING_KEY_ID"] = "k1"
        environment["AP_SMS_SANDBOX"] = "true"
        environment["AP_DATABASE_QUERY_TIMEOUT_SECONDS"] = "3"
        environment["AP_DATABASE_STATEMENT_TIMEOUT_SECONDS"] = "3"
        environment["AP_DATABASE_POOL_TIMEOUT_SECONDS"] = "3"
        let gateway = try ServiceProcess(product: "gateway", environment: environment)
        defer { gateway.signal(SIGKILL) }
        let port: Int
        do {
            port = try await gateway.loggedInteger("http.port", timeout: .seconds(60))
        } catch {
            Issue.record(
                "the gateway did not start: \(gateway.standardError.suffix(1_000)) \(gateway.standardOutput.suffix(2_000))"
            )
            throw error
        }

        let admin = WorkerProcessTests.adminSecret
        let account = try await HTTPProbe.send(
            "POST", port: port, path: "/api/admin/accounts", bearer: admin, json: ["name": "f"]
        ).json()
        let accountID = try #require(account["id"] as? String)
        let issued = try await HTTPProbe.send(
            "POST", port: port, path: "/api/admin/accounts/\(accountID)/api-keys", bearer: admin, json: ["name": "k"]
        ).json()
        let key = try #require(issued["key"] as? String)
        let granted = try await HTTPProbe.send(
            "POST", port: port, path: "/api/admin/accounts/\(accountID)/credits", bearer: admin,
            json: ["channel": "sms", "amount": 10])
        #expect(granted.status == 200)
        let sms: [String: Any] = ["recipient": "+33612345678", "text": "Bonjour", "provider": "sandbox"]
        #expect(
            try await HTTPProbe.send("POST", port: port, path: "/api/phone/sms", bearer: key, json: sms).status == 202)

        proxy.freeze()
        for _ in 0..<3 {
            let started = ContinuousClock.now
            let refused = try await HTTPProbe.send("POST", port: port, path: "/api/phone/sms", bearer: key, json: sms)
            let took = ContinuousClock.now - started
            #expect(refused.status == 503)
            #expect(refused.contentType?.hasPrefix("application/problem+json") == true)
            // One statement's deadline (3 s), or a pool wait (3 s) then a new connection's (2 s), with room for a
            // loaded machine.
            #expect(took < .seconds(12), "took \(took)")
        }
        let ready = try await HTTPProbe.get(port: port, path: "/ready")
        #expect(ready.status == 503)

        proxy.thaw()
        let recovered = try await eventually(timeout: .seconds(20), every: .milliseconds(200)) {
            try await HTTPProbe.send("POST", port: port, path: "/api/phone/sms", bearer: key, json: sms).status == 202
        }
        #expect(recovered)
        let credits = try await HTTPProbe.get(port: port, path: "/api/credits", bearer: key)
        #expect(credits.status == 200)
        gateway.signal(SIGTERM)
        _ = try? await gateway.waitForExit(timeout: .seconds(20))
        _ = try? await administration.executeScript("drop database if exists \(database) with (force)")
        await administration.close()
    }
}
