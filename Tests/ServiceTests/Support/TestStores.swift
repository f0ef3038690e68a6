import Foundation
import Logging
import Postgres
import Redis
import ServiceRuntime
import TestSupport

/// Real stores isolated for one test (tests run in parallel against one Redis and one Postgres): a fresh
/// Postgres schema used as `search_path` and a unique Redis key prefix. ``close()`` closes the pools, drops
/// the schema and deletes the prefix's keys.
struct TestStores {
    let stores: ServiceStores
    let configuration: StoreConfiguration
    let schema: TestSchema

    static let quietLogger = Logger(label: "service-tests") { _ in SwiftLogNoOpLogHandler() }

    /// Opens (and migrates) stores the way a service does, with `service` as the application name.
    static func open(service: String = "service-tests", logger: Logger = quietLogger) async throws -> TestStores {
        let schema = try await TestSchema.create()
        let configuration = StoreConfiguration(
            redisURL: Secret(TestEnvironment.redisURL), databaseURL: Secret(schema.databaseURL),
            redisPrefix: "t-\(TestSchema.randomSuffix(10)):", startupTimeout: .seconds(10))
        do {
            let stores = try await ServiceStores.open(configuration: configuration, service: service, logger: logger)
            return TestStores(stores: stores, configuration: configuration, schema: schema)
        } catch {
            await schema.drop()
            throw error
        }
    }

    /// Runs `body` with fresh stores, then cleans up whatever `body` did.
    static func with<Result>(_ body: (TestStores) async throws -> Result) async throws -> Result {
        let test = try await open()
        do {
            let result = try await body(test)
            await test.close()
            return result
        } catch {
            await test.close()
            throw error
        }
    }

    /// Stores over pools that have not connected (they connect on first use), e.g. to `redisURL` at a closed
    /// port to see an outage. Close them with `close()` on the stores.
    static func unconnected(
        redisURL: String = TestEnvironment.redisURL, databaseURL: String = TestEnvironment.databaseURL
    ) throws -> ServiceStores {
        var postgres = try PostgresConfiguration(url: databaseURL)
        postgres.poolSize = 2
        return ServiceStores(
            redis: try RedisConfiguration(url: redisURL, poolSize: 2).makeSharedClient(),
            postgres: PostgresPool(configuration: postgres, logger: quietLogger))
    }

    var redis: any SharedRedisClient { stores.redis }
    var postgres: PostgresPool { stores.postgres }

    func close() async {
        await deleteRedisKeys()
        await stores.close()
        await schema.drop()
    }

    private func deleteRedisKeys() async {
        var cursor = "0"
        repeat {
            guard
                let reply = try? await redis.send(
                    "SCAN", cursor, "MATCH", "\(configuration.redisPrefix)*", "COUNT", 500),
                let parts = reply.array, parts.count == 2, let next = parts[0].string
            else { return }
            let keys = (parts[1].array ?? []).compactMap(\.string)
            if !keys.isEmpty {
                _ = try? await redis.send(RedisCommand(["DEL"] + keys))
            }
            cursor = next
        } while cursor != "0"
    }
}

/// A Postgres schema of its own for one test (or one service process started by a test).
struct TestSchema: Sendable {
    let name: String

    /// The test database's URL with this schema as `search_path`.
    var databaseURL: String {
        let base = TestEnvironment.databaseURL
        return base + (base.contains("?") ? "&" : "?") + "search_path=\(name)"
    }

    static func create() async throws -> TestSchema {
        let schema = TestSchema(name: "t_" + randomSuffix(16))
        try await schema.administer { try await $0.execute("create schema \(schema.name)") }
        return schema
    }

    func drop() async {
        try? await administer { try await $0.execute("drop schema if exists \(name) cascade") }
    }

    private func administer(_ body: (PostgresConnection) async throws -> Void) async throws {
        let configuration = try PostgresConfiguration(url: TestEnvironment.databaseURL)
        let connection = try await PostgresConnection.connect(
            configuration: configuration, logger: TestStores.quietLogger, name: "pg-test-admin")
        do {
            try await body(connection)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    static func randomSuffix(_ length: Int) -> String {
        String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(length))
    }
}
