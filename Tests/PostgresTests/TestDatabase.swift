import Foundation
import Logging
import Postgres
import TestSupport

/// Isolation for tests that run in parallel against the one test database: each gets a fresh schema
/// (`t_<random>`) and a pool whose connections use it as `search_path`; the schema is dropped afterwards.
enum TestDatabase {
    /// Tests do not assert on logs; a no-op handler keeps expected warnings out of the test output.
    static let logger = Logger(label: "postgres-tests") { _ in SwiftLogNoOpLogHandler() }

    static func configuration(searchPath: String? = nil, poolSize: Int = 4) throws -> PostgresConfiguration {
        var configuration = try PostgresConfiguration(url: TestEnvironment.databaseURL)
        configuration.searchPath = searchPath
        configuration.poolSize = poolSize
        return configuration
    }

    /// A connection outside any test schema, for setup and for watching the server.
    static func adminConnection() async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration: configuration(), logger: logger, name: "pg-test-admin")
    }

    static func uniqueName(_ prefix: String) -> String {
        prefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    }

    /// Runs `body` with a pool confined to a new schema, then closes the pool and drops the schema.
    static func withSchema<Result>(
        poolSize: Int = 4,
        applicationName: String? = nil,
        _ body: (PostgresPool, String) async throws -> Result
    ) async throws -> Result {
        let schema = uniqueName("t_")
        let admin = try await adminConnection()
        try await admin.execute("create schema \(schema)")
        var configuration = try configuration(searchPath: schema, poolSize: poolSize)
        configuration.applicationName = applicationName
        let pool = PostgresPool(configuration: configuration, logger: logger)
        let result: Result
        do {
            result = try await body(pool, schema)
        } catch {
            await cleanUp(pool: pool, admin: admin, schema: schema)
            throw error
        }
        await cleanUp(pool: pool, admin: admin, schema: schema)
        return result
    }

    private static func cleanUp(pool: PostgresPool, admin: PostgresConnection, schema: String) async {
        await pool.close()
        _ = try? await admin.execute("drop schema if exists \(schema) cascade")
        await admin.close()
    }
}
