import Cryptography
import Foundation
import MessageStore
import Outbox
import Postgres
import Testing

@testable import WhatsAppGateway

/// A worker's ``SessionSupervisor`` (worker `w1`) on fresh real stores, over a ``ScriptedEngine``, with an
/// account and the workers `w1` and `w2` in the registry table; sessions are rows made straight in Postgres,
/// as the gateway's placement makes them.
struct SupervisorFixture {
    static let worker = "w1"
    static let otherWorker = "w2"

    let test: TestStores
    let engine: ScriptedEngine
    let store: SessionStore
    let supervisor: SessionSupervisor
    let account: UUID

    static func with(_ body: (SupervisorFixture) async throws -> Void) async throws {
        try await TestStores.with { test in
            let account = try await test.postgres.query("insert into accounts (name) values ('wa') returning id")[0]
                .decode(UUID.self, "id")
            for id in [worker, otherWorker] {
                _ = try await test.postgres.execute(
                    """
                    insert into workers (id, instance_id, endpoint, max_sessions, status)
                    values ($1, gen_random_uuid(), 'http://w:1', 5, 'online')
                    """, [id])
            }
            let keyring = try SealingKeyring(
                current: "k1", keys: [SealingKey(id: "k1", bytes: SecureRandom.bytes(count: 32))])
            let store = SessionStore(pool: test.postgres, keyring: keyring, workerID: worker)
            let engine = ScriptedEngine()
            let supervisor = SessionSupervisor(
                store: store, redis: test.redis, keys: SessionKeys(prefix: test.stores.redisPrefix),
                events: test.stores.queue(named: "events"), inbound: test.stores.queue(named: "inbound"),
                engines: WhatsAppEngines(sandbox: engine, cloud: engine, twilio: engine),
                messages: MessageRepository(pool: test.postgres, logger: TestStores.quietLogger),
                logger: TestStores.quietLogger)
            try await body(
                SupervisorFixture(test: test, engine: engine, store: store, supervisor: supervisor, account: account))
        }
    }

    /// Lets sessions run for the next 20 s, as an accepted heartbeat does (interval 10 s, lapse 30 s).
    func openFence(at sentAt: ContinuousClock.Instant = .now) async {
        await supervisor.membershipConfirmed(sentAt: sentAt, interval: .seconds(10), lapse: .seconds(30))
    }

    /// A sandbox session row on this worker (generation 1).
    func sessionRow(status: String = "starting") async throws -> UUID {
        try await test.postgres.query(
            """
            insert into wa_sessions (account_id, name, engine, status, worker_id)
            values ($1, $2, 'sandbox', $3, $4) returning id
            """, [account, "s-\(UUID().uuidString.prefix(8))", status, Self.worker]
        )[0].decode(UUID.self, "id")
    }

    /// What the gateway does when it moves the session to `w2` (failover) or restarts it in place.
    func reassign(_ id: UUID, to worker: String) async throws {
        _ = try await test.postgres.execute(
            """
            update wa_sessions set worker_id = $2, owner_generation = owner_generation + 1, status = 'starting'
            where id = $1
            """, [id, worker])
    }

    /// The row's worker, status and generation.
    func row(_ id: UUID) async throws -> (worker: String?, status: String, generation: Int64, sealed: Bool) {
        let row = try #require(
            try await test.postgres.query(
                "select worker_id, status, owner_generation, sealed_auth from wa_sessions where id = $1", [id]
            ).first)
        return (
            try row.decode(String?.self, "worker_id"), try row.decode(String.self, "status"),
            try row.decode(Int64.self, "owner_generation"), try row.decode(String?.self, "sealed_auth") != nil
        )
    }

    /// The session's QR key in Redis.
    func qr(_ id: UUID) async throws -> String? {
        try await test.redis.send("GET", SessionKeys(prefix: test.stores.redisPrefix).qr(id)).string
    }
}
