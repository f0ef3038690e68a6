import Domain
import Foundation
import Hummingbird
import Testing

@testable import Gateway

/// The gateway gives a session a new ownership generation every time it (re)assigns its worker: a placement
/// starts at 1, a failover move and a restart each add one (so the worker that held it before can no longer
/// write it).
@Suite(.timeLimit(.minutes(1))) struct SessionGenerationTests {
    @Test func aFailoverMoveAndARestartEachGiveTheSessionANewGeneration() async throws {
        try await MessagingFixture.with { fixture in
            let account = try await fixture.account()
            let prefix = fixture.test.stores.redisPrefix
            func live(_ worker: String, _ alive: Bool) async throws {
                if alive {
                    _ = try await fixture.test.redis.send(
                        "SET", "\(prefix)worker:\(worker):live", UUID().uuidString, "PX", 60_000)
                } else {
                    _ = try await fixture.test.redis.send("DEL", "\(prefix)worker:\(worker):live")
                }
            }
            for worker in ["gen-a", "gen-b"] {
                _ = try await fixture.test.postgres.execute(
                    """
                    insert into workers (id, instance_id, endpoint, max_sessions, status)
                    values ($1, gen_random_uuid(), 'http://w:1', 5, 'online')
                    """, [worker])
            }
            func owner(_ id: UUID) async throws -> (worker: String?, generation: Int64) {
                let row = try #require(
                    try await fixture.test.postgres.query(
                        "select worker_id, owner_generation from wa_sessions where id = $1", [id]
                    ).first)
                return (try row.decode(String?.self, "worker_id"), try row.decode(Int64.self, "owner_generation"))
            }

            try await live("gen-a", true)
            let placement = sessionPlacement(configuration: fixture.configuration, stores: fixture.test.stores)
            let created = try await placement.create(accountID: account.uuid, name: "gen", engine: .sandbox)
            let id = try #require(UUID(uuidString: created.id))
            let placed = try await owner(id)
            #expect(placed.worker == "gen-a" && placed.generation == 1)

            // gen-a's heartbeats lapse; gen-b lives: the failover pass moves the session.
            try await live("gen-a", false)
            try await live("gen-b", true)
            let failover = SessionFailover(placement: placement, interval: .seconds(1), logger: TestStores.quietLogger)
            #expect(try await failover.rehomeAll() == 1)
            let moved = try await owner(id)
            #expect(moved.worker == "gen-b" && moved.generation == 2)

            let restart = try await fixture.client.execute(
                uri: "/api/sessions/\(id.uuidString.lowercased())/restart", method: .post, headers: account.headers)
            #expect(restart.status == .accepted)
            let restarted = try await owner(id)
            #expect(restarted.worker == "gen-b" && restarted.generation == 3)
        }
    }
}
