import Foundation
import Gateway
import JobRuntime
import Logging
import Postgres
import Redis
import Schema
import ServiceRuntime
import TestSupport
import Testing

/// Opening, checking and closing a service's stores against the real servers.
@Suite struct ServiceStoresTests {
    @Test func openingMigratesAndNamesThePostgresConnections() async throws {
        let test = try await TestStores.open(service: "stores-test")
        let versions = try await test.postgres.query("select version from schema_migrations order by version")
        #expect(try versions.map { try $0.decode(Int.self, "version") }.first == 1)
        #expect(try await test.postgres.query("select count(*) from dead_letters").first?.decode(Int.self, at: 0) == 0)
        let name = try await test.postgres.query(
            "select application_name from pg_stat_activity where pid = pg_backend_pid()")
        #expect(try name.first?.decode(String.self, at: 0) == "stores-test")
        try await test.redis.ping()
        await test.close()
    }

    @Test func readyIs200WithRealStores() async throws {
        try await TestStores.with { test in
            let application = buildApplication(
                configuration: try GatewayRouterTests.configuration(), stores: test.stores,
                logger: TestStores.quietLogger)
            try await application.test(.router) { client in
                try await client.execute(uri: "/ready", method: .get) { response in
                    #expect(response.status == .ok)
                    let report = try JSONDecoder().decode(
                        ReadinessReport.self, from: Data(response.body.readableBytesView))
                    #expect(report.status == .ready)
                    #expect(report.checks.keys.sorted() == ["postgres", "redis"])
                    #expect(report.checks.values.allSatisfy { $0.status == .ok })
                }
            }
        }
    }

    @Test func readyIs503WhenRedisIsUnreachable() async throws {
        let stores = try TestStores.unconnected(redisURL: "redis://127.0.0.1:\(ClosedPort.find())/0")
        let report = await Readiness(service: "stores-test", checks: stores.readinessChecks).evaluate()
        #expect(report.status == .unavailable)
        #expect(report.checks["redis"]?.status == .failing)
        #expect(report.checks["redis"]?.error?.hasPrefix("cannot connect to Redis") == true)
        #expect(report.checks["postgres"]?.status == .ok)

        let application = buildApplication(
            configuration: try GatewayRouterTests.configuration(), stores: stores, logger: TestStores.quietLogger)
        try await application.test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .serviceUnavailable) }
        }
        await stores.close()
    }

    @Test func readyIs503WhenPostgresIsUnreachable() async throws {
        let stores = try TestStores.unconnected(databaseURL: "postgres://ap@127.0.0.1:\(ClosedPort.find())/ap")
        let report = await Readiness(service: "stores-test", checks: stores.readinessChecks).evaluate()
        #expect(report.checks["postgres"]?.status == .failing)
        #expect(report.checks["redis"]?.status == .ok)
        await stores.close()
    }

    // MARK: Start-up

    @Test func startUpGivesUpOnAStoreThatNeverAnswers() async throws {
        let capture = LogCapture()
        let configuration = StoreConfiguration(
            redisURL: Secret(TestEnvironment.redisURL),
            databaseURL: Secret("postgres://ap:pg-password@127.0.0.1:\(ClosedPort.find())/ap"),
            startupTimeout: .seconds(8))
        let clock = ContinuousClock()
        let started = clock.now
        // Met while migrating, the connection failure comes wrapped by the migrator.
        let error = await #expect(throws: MigrationError.self) {
            _ = try await ServiceStores.open(
                configuration: configuration, service: "stores-test", logger: capture.logger())
        }
        if case .database(let cause) = error {
            #expect(cause.kind == .connectionFailed)
        } else {
            Issue.record("expected MigrationError.database, got \(String(describing: error))")
        }
        let elapsed = clock.now - started
        #expect(elapsed >= .seconds(8) && elapsed < .seconds(60))
        let lines = try capture.objects()
        let retrying = lines.filter { $0["message"] as? String == "Store not reachable yet, retrying" }
        #expect(retrying.count == 1 && retrying.first?["store.name"] as? String == "postgres")
        let gaveUp = try #require(
            lines.first { $0["message"] as? String == "Stores not reachable within the start-up timeout" })
        #expect(gaveUp["level"] as? String == "critical" && gaveUp["store.name"] as? String == "postgres")
        #expect((gaveUp["startup.attempts"] as? NSNumber)?.intValue ?? 0 >= 2)  // it retried; how often depends on load
        #expect(!capture.captured.joined().contains("pg-password"))
    }

    @Test func startUpWaitsForAStoreThatComesUpLate() async throws {
        let redis = try RedisServerProcess()
        redis.kill()
        let schema = try await TestSchema.create()
        let capture = LogCapture()
        let configuration = StoreConfiguration(
            redisURL: Secret(redis.url), databaseURL: Secret(schema.databaseURL), startupTimeout: .seconds(20))
        let opening = Task {
            try await ServiceStores.open(
                configuration: configuration, service: "stores-test", logger: capture.logger(level: .debug))
        }
        let waited = await eventually {
            capture.captured.contains { $0.contains("Store not reachable yet, retrying") }
        }
        try redis.restart()
        let stores = try await opening.value
        #expect(waited)
        try await stores.redis.ping()
        #expect(try capture.objects().contains { $0["message"] as? String == "Stores ready" })
        await stores.close()
        await schema.drop()
    }

    @Test func aMigrationProblemFailsAtOnce() async throws {
        let test = try await TestStores.open()
        // The database knows version 1 with other SQL: an edited migration, which waiting cannot fix.
        let edited = Migration(version: 1, name: "foundation", sql: "select 1")
        // A long start-up timeout: failing well before it shows the error was not retried (a margin this
        // wide holds on a loaded machine).
        var configuration = test.configuration
        configuration.startupTimeout = .seconds(120)
        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: MigrationError.self) {
            _ = try await ServiceStores.open(
                configuration: configuration, service: "stores-test", logger: TestStores.quietLogger,
                migrations: [edited])
        }
        #expect(clock.now - started < .seconds(60))
        await test.close()
    }

    // MARK: Shutdown

    @Test func gracefulShutdownClosesBothPools() async throws {
        let test = try await TestStores.open()
        let runner = ServiceRunner(
            services: [test.stores, IdleService(name: "work")], shutdownGrace: .seconds(5),
            logger: TestStores.quietLogger, signals: [])
        async let code = runner.run()
        try await Task.sleep(for: .milliseconds(100))
        runner.requestShutdown(reason: "test")
        #expect(await code == .success)
        await #expect(throws: RedisError.closed) { try await test.redis.ping() }
        await #expect(throws: PostgresError.self) { try await test.postgres.ping() }
        await test.close()
    }
}
