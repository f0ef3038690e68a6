import Domain
import Foundation
import Logging
import MessageStore
import Postgres
import Schema
import TestSupport

/// Each test gets a fresh schema (`ms_<random>`) with every migration applied and a pool confined to
/// it through `search_path`; the schema is dropped afterwards. Same idea as PostgresTests' TestDatabase.
enum StoreDatabase {
    static let logger = Logger(label: "message-store-tests") { _ in SwiftLogNoOpLogHandler() }

    struct Fixture {
        let pool: PostgresPool
        let accountID: UUID
        var messages: MessageRepository { MessageRepository(pool: pool, logger: StoreDatabase.logger) }
        var credits: CreditLedger { CreditLedger(pool: pool) }

        /// A new SMS message for the fixture's account.
        func sms(segments: Int = 1, key: String? = nil, body: String = "Bonjour") throws -> NewMessage {
            NewMessage(
                accountID: accountID, channel: .sms, recipient: try PhoneNumber("+33612345678"), body: body,
                segments: segments, idempotencyKey: key, correlationID: "corr-1")
        }

        func count(_ sql: String, _ parameters: [any PostgresBindable] = []) async throws -> Int {
            try await pool.query(sql, parameters).first?.decode(Int.self, at: 0) ?? -1
        }
    }

    static func withFixture<Result>(
        poolSize: Int = 4, _ body: (Fixture) async throws -> Result
    ) async throws -> Result {
        let schema = "ms_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        var adminConfiguration = try PostgresConfiguration(url: TestEnvironment.databaseURL)
        adminConfiguration.poolSize = 1
        let admin = try await PostgresConnection.connect(configuration: adminConfiguration, logger: logger)
        try await admin.execute("create schema \(schema)")
        var configuration = adminConfiguration
        configuration.searchPath = schema
        configuration.poolSize = poolSize
        let pool = PostgresPool(configuration: configuration, logger: logger)
        let result: Result
        do {
            try await Migrator.migrate(pool: pool, logger: logger)
            let account = try await pool.query("insert into accounts (name) values ('Acme') returning id")
            let accountID = try account[0].decode(UUID.self, "id")
            result = try await body(Fixture(pool: pool, accountID: accountID))
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
