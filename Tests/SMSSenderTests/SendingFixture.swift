import Cryptography
import Domain
import Foundation
import JobRuntime
import Logging
import MessageStore
import OutboundHTTP
import Postgres
import Redis
import Schema
import SendPipeline
import TestSupport

@testable import SMSSender

/// One test's world for the send path: a fresh Postgres schema (`sms_<random>`, every migration applied,
/// one account with 1000 SMS credits), a keyring and credential store, and a Redis key prefix of its own
/// so that queues and rate-limit buckets never meet another test's.
struct SendingFixture {
    static let logger = Logger(label: "sms-sending-tests") { _ in SwiftLogNoOpLogHandler() }
    static let granted = 1000

    let pool: PostgresPool
    let redis: any SharedRedisClient
    let accountID: UUID
    let credentials: ChannelCredentialStore
    let client: OutboundHTTPClient
    /// `t<random>:`, in front of every Redis key this test touches.
    let prefix: String

    var messages: MessageRepository { MessageRepository(pool: pool, logger: Self.logger) }
    var credits: CreditLedger { CreditLedger(pool: pool) }
    var rateLimiter: RateLimiter { RateLimiter(redis: redis, prefix: prefix) }
    /// The `sms` queue under this test's prefix.
    var queue: JobQueue { JobQueue(name: QueueName.sms.rawValue, redis: redis, prefix: prefix) }

    /// Stores `json` as the account's sealed credential for `provider`.
    func saveCredential(provider: String, json: String) async throws {
        try await credentials.save(accountID: accountID, channel: .sms, provider: provider, secret: Array(json.utf8))
    }

    /// Accepts an SMS for `provider` (pending row + credit hold of `segments`).
    func accept(
        provider: String?, recipient: PhoneNumber = frenchRecipient, body: String = "Bonjour", segments: Int = 1
    ) async throws -> StoredMessage {
        try await messages.accept(
            NewMessage(
                accountID: accountID, channel: .sms, provider: provider, recipient: recipient, body: body,
                segments: segments, correlationID: "corr-\(UUID().uuidString.prefix(8))")
        ).message
    }

    /// A handler resolving providers from the stored credentials, real ones sent to `endpoints`.
    func handler(
        endpoints: SMSProviderEndpoints = SMSProviderEndpoints(), rateLimit: SMSRateLimit = SMSRateLimit(),
        lease: SendStateMachine.Settings = SendStateMachine.Settings(providerTimeout: .seconds(15))
    ) -> SMSSendHandler {
        SMSSendHandler(
            messages: messages,
            resolver: StoredCredentialResolver(credentials: credentials, client: client, endpoints: endpoints),
            rateLimiter: rateLimiter, rateLimit: rateLimit, lease: lease, logger: Self.logger)
    }

    func balance() async throws -> CreditBalance {
        try await credits.balance(accountID: accountID, channel: .sms)
    }

    static func run<Result>(poolSize: Int = 4, _ body: (SendingFixture) async throws -> Result) async throws
        -> Result
    {
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let schema = "sms_\(suffix)"
        var adminConfiguration = try PostgresConfiguration(url: TestEnvironment.databaseURL)
        adminConfiguration.poolSize = 1
        let admin = try await PostgresConnection.connect(configuration: adminConfiguration, logger: logger)
        try await admin.execute("create schema \(schema)")
        var configuration = adminConfiguration
        configuration.searchPath = schema
        configuration.poolSize = poolSize
        let pool = PostgresPool(configuration: configuration, logger: logger)
        let redis = try RedisConfiguration(url: TestEnvironment.redisURL, poolSize: 4).makeSharedClient()
        let client = makeClient()
        defer { client.shutdown() }
        do {
            try await Migrator.migrate(pool: pool, logger: logger)
            let account = try await pool.query("insert into accounts (name) values ('Acme') returning id")
            let accountID = try account[0].decode(UUID.self, "id")
            let keyring = try SealingKeyring(
                current: "k1", keys: [SealingKey(id: "k1", bytes: SecureRandom.bytes(count: 32))])
            let fixture = SendingFixture(
                pool: pool, redis: redis, accountID: accountID,
                credentials: ChannelCredentialStore(pool: pool, keyring: keyring), client: client,
                prefix: "t\(suffix.prefix(10)):")
            try await fixture.credits.grant(accountID: accountID, channel: .sms, amount: granted)
            let result = try await body(fixture)
            await cleanUp(pool: pool, redis: redis, admin: admin, schema: schema)
            return result
        } catch {
            await cleanUp(pool: pool, redis: redis, admin: admin, schema: schema)
            throw error
        }
    }

    private static func cleanUp(
        pool: PostgresPool, redis: any SharedRedisClient, admin: PostgresConnection, schema: String
    )
        async
    {
        await pool.close()
        await redis.close()
        _ = try? await admin.execute("drop schema if exists \(schema) cascade")
        await admin.close()
    }
}
