import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import Testing

/// The WhatsApp worker registry through the gateway's router: workers register, heartbeat and deregister
/// with the worker token; operators list them with the admin secret. Real Postgres (a schema per test) and
/// Redis (a prefix per test); a lapsed heartbeat is simulated by deleting the live key.
@Suite struct WorkerRegistryAPITests {
    private typealias Fixture = WorkerRegistryFixture

    @discardableResult
    private static func problem(
        _ response: TestResponse, _ status: HTTPResponse.Status, type: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ProblemDetails.Body {
        try MessagingFixture.problem(response, status, type: type, sourceLocation: sourceLocation)
    }

    // MARK: Register

    @Test func registeringAnswersTheIntervalAndGoesOnline() async throws {
        try await Fixture.with { fixture in
            let instance = UUID()
            let response = try await fixture.register("wa-1", instance: instance, maxSessions: 50)
            #expect(response.status == .created)
            #expect(response.headers[.contentType] == "application/json")
            let acknowledgement = try Fixture.decode(Fixture.Acknowledgement.self, response)
            #expect(acknowledgement.workerId == "wa-1")
            #expect(acknowledgement.status == "online")
            #expect(acknowledgement.heartbeatIntervalSeconds == 7)
            #expect(acknowledgement.lapseSeconds == 21)
            #expect(fixture.configuration.workerHeartbeatInterval == .seconds(7))

            // The live key names the owner (in lower case) and expires after three intervals.
            #expect(try await fixture.liveOwner("wa-1") == instance.uuidString.lowercased())
            let ttl = try await fixture.liveTTL("wa-1")
            #expect(ttl > 2 * fixture.intervalMilliseconds, "\(ttl) ms")
            #expect(ttl <= 3 * fixture.intervalMilliseconds, "\(ttl) ms")

            let workers = try await fixture.list()
            #expect(workers.map(\.id) == ["wa-1"])
            let worker = try #require(workers.first)
            #expect(worker.status == "online")
            #expect(worker.instanceId == instance.uuidString.lowercased())
            #expect(worker.endpoint == Fixture.endpoint)
            #expect(worker.maxSessions == 50)
            #expect(worker.sessions == 0)
            #expect(worker.load == 0)
            #expect(worker.cpuPercent == nil && worker.memoryBytes == nil && worker.activeConnections == nil)
            #expect(worker.lastHeartbeatAt >= worker.registeredAt)
        }
    }

    // MARK: Heartbeat

    @Test func aHeartbeatStoresItsMetricsAndRenewsTheLiveKey() async throws {
        try await Fixture.with { fixture in
            let instance = UUID()
            try await fixture.registered("wa-1", instance: instance, maxSessions: 10)
            // Let the key run nearly out: the heartbeat must set the full TTL again.
            _ = try await fixture.test.redis.send("PEXPIRE", fixture.liveKey("wa-1"), 1000)

            let response = try await fixture.heartbeat(
                "wa-1", instance: instance, sessions: 5, cpuPercent: 12.5, memoryBytes: 52_428_800,
                activeConnections: 7)
            #expect(response.status == .ok)
            let acknowledgement = try Fixture.decode(Fixture.Acknowledgement.self, response)
            #expect(acknowledgement.workerId == "wa-1")
            #expect(acknowledgement.status == "online")
            #expect(acknowledgement.heartbeatIntervalSeconds == 7)
            #expect(try await fixture.liveTTL("wa-1") > 2 * fixture.intervalMilliseconds)
            #expect(try await fixture.liveOwner("wa-1") == instance.uuidString.lowercased())

            let worker = try await fixture.listed("wa-1")
            #expect(worker.status == "online")
            #expect(worker.sessions == 5)
            #expect(worker.maxSessions == 10)
            #expect(worker.load == 0.5)
            #expect(worker.cpuPercent == 12.5)
            #expect(worker.memoryBytes == 52_428_800)
            #expect(worker.activeConnections == 7)
            #expect(worker.lastHeartbeatAt >= worker.registeredAt)

            #expect(try await fixture.heartbeat("wa-1", instance: instance, sessions: 1).status == .ok)
            let later = try await fixture.listed("wa-1")
            #expect(later.sessions == 1)
            #expect(later.load == 0.1)
        }
    }

    // MARK: Ownership

    @Test func aSecondProcessCannotTakeALiveID() async throws {
        try await Fixture.with { fixture in
            let first = UUID()
            let second = UUID()
            try await fixture.registered("wa-1", instance: first)

            let taken = try await fixture.register("wa-1", instance: second, endpoint: "http://10.0.0.6:8081")
            try Self.problem(taken, .conflict, type: Fixture.idInUseType)
            let worker = try await fixture.listed("wa-1")
            #expect(worker.instanceId == first.uuidString.lowercased())
            #expect(worker.endpoint == Fixture.endpoint)
            #expect(worker.status == "online")
            #expect(try await fixture.liveOwner("wa-1") == first.uuidString.lowercased())

            // The same process registering again (a reconnect) is welcome and may change its details.
            let again = try await fixture.register(
                "wa-1", instance: first, endpoint: "https://wa-1.internal:8443", maxSessions: 20)
            #expect(again.status == .created)
            let updated = try await fixture.listed("wa-1")
            #expect(updated.instanceId == first.uuidString.lowercased())
            #expect(updated.endpoint == "https://wa-1.internal:8443")
            #expect(updated.maxSessions == 20)
            #expect(updated.status == "online")
        }
    }

    @Test func heartbeatsFromANonOwnerOrForAnUnknownIDAre404() async throws {
        try await Fixture.with { fixture in
            let owner = UUID()
            try await fixture.registered("wa-1", instance: owner)

            let stranger = try await fixture.heartbeat("wa-1", instance: UUID(), sessions: 3)
            try Self.problem(stranger, .notFound, type: Fixture.unknownWorkerType)
            let unknown = try await fixture.heartbeat("wa-404", instance: owner, sessions: 3)
            try Self.problem(unknown, .notFound, type: Fixture.unknownWorkerType)

            // Neither touched the owner's row, and no row or key appeared for the unknown id.
            let workers = try await fixture.list()
            #expect(workers.map(\.id) == ["wa-1"])
            #expect(workers.first?.sessions == 0)
            #expect(workers.first?.instanceId == owner.uuidString.lowercased())
            #expect(try await fixture.liveOwner("wa-1") == owner.uuidString.lowercased())
            #expect(try await fixture.liveOwner("wa-404") == nil)
        }
    }

    // MARK: Lapse

    @Test func aLapsedWorkerIsOfflineAndItsIDFree() async throws {
        try await Fixture.with { fixture in
            let old = UUID()
            let new = UUID()
            try await fixture.registered("wa-1", instance: old)

            try await fixture.lapse("wa-1")
            #expect(try await fixture.listed("wa-1").status == "offline")

            // Its owner coming back before anyone else takes the id gets it back.
            #expect(try await fixture.heartbeat("wa-1", instance: old, sessions: 2).status == .ok)
            #expect(try await fixture.listed("wa-1").status == "online")
            #expect(try await fixture.liveOwner("wa-1") == old.uuidString.lowercased())

            // Lapsed again, the id goes to another process; the old one is told to register again.
            try await fixture.lapse("wa-1")
            #expect(try await fixture.listed("wa-1").status == "offline")
            #expect(try await fixture.register("wa-1", instance: new).status == .created)
            let worker = try await fixture.listed("wa-1")
            #expect(worker.status == "online")
            #expect(worker.instanceId == new.uuidString.lowercased())
            #expect(worker.sessions == 0)
            #expect(try await fixture.liveOwner("wa-1") == new.uuidString.lowercased())

            let stale = try await fixture.heartbeat("wa-1", instance: old, sessions: 2)
            try Self.problem(stale, .notFound, type: Fixture.unknownWorkerType)
            #expect(try await fixture.liveOwner("wa-1") == new.uuidString.lowercased())
            #expect(try await fixture.listed("wa-1").sessions == 0)
        }
    }

    // MARK: Deregister

    @Test func deregisteringStopsTheWorker() async throws {
        try await Fixture.with { fixture in
            let owner = UUID()
            try await fixture.registered("wa-1", instance: owner)

            // Only the owner may deregister.
            let stranger = try await fixture.deregister("wa-1", instance: UUID())
            try Self.problem(stranger, .notFound, type: Fixture.unknownWorkerType)
            #expect(try await fixture.listed("wa-1").status == "online")
            #expect(try await fixture.liveOwner("wa-1") == owner.uuidString.lowercased())
            let unknown = try await fixture.deregister("wa-404", instance: owner)
            try Self.problem(unknown, .notFound, type: Fixture.unknownWorkerType)

            let response = try await fixture.deregister("wa-1", instance: owner)
            #expect(response.status == .noContent)
            #expect(response.body.readableBytes == 0)
            #expect(try await fixture.listed("wa-1").status == "stopped")
            #expect(try await fixture.liveOwner("wa-1") == nil)

            let afterwards = try await fixture.heartbeat("wa-1", instance: owner, sessions: 1)
            try Self.problem(afterwards, .notFound, type: Fixture.unknownWorkerType)
            #expect(try await fixture.listed("wa-1").status == "stopped")
            #expect(try await fixture.liveOwner("wa-1") == nil)
            let byStranger = try await fixture.deregister("wa-1", instance: UUID())
            try Self.problem(byStranger, .notFound, type: Fixture.unknownWorkerType)
        }
    }

    // MARK: Authentication

    @Test func workerRoutesTakeTheWorkerTokenAndTheListTheAdminSecret() async throws {
        try await Fixture.with { fixture in
            let instance = UUID()
            let noToken: HTTPFields = [.contentType: "application/json"]
            for response in [
                try await fixture.register("wa-1", instance: instance, headers: noToken),
                try await fixture.register("wa-1", instance: instance, headers: Fixture.admin),
                try await fixture.heartbeat("wa-1", instance: instance, headers: noToken),
                try await fixture.heartbeat("wa-1", instance: instance, headers: Fixture.admin),
                try await fixture.deregister("wa-1", instance: instance, headers: noToken),
            ] {
                try Self.problem(response, .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            // Refused registrations left nothing behind.
            #expect(try await fixture.list().isEmpty)
            #expect(try await fixture.liveOwner("wa-1") == nil)

            try await fixture.registered("wa-1", instance: instance)
            for headers: HTTPFields in [Fixture.worker, [:]] {
                let response = try await fixture.client.execute(
                    uri: "/api/admin/workers", method: .get, headers: headers)
                let problem = try Self.problem(response, .unauthorized)
                #expect(!String(buffer: response.body).contains(Fixture.workerToken))
                #expect(problem.detail?.contains("admin secret") == true)
            }
            #expect(try await fixture.list().map(\.id) == ["wa-1"])
        }
    }

    // MARK: Validation

    @Test func invalidBodiesAreRefusedWithEveryBadField() async throws {
        try await Fixture.with { fixture in
            let instance = UUID().uuidString
            let unknownField = try await fixture.register(
                body: #"{"workerId":"wa-1","instanceId":"\#(instance)","endpoint":"http://10.0.0.5:8081","#
                    + #""maxSessions":10,"region":"eu"}"#)
            let unknown = try Self.problem(unknownField, .badRequest, type: "urn:auto-prospect:problem:unknown-field")
            #expect(unknown.errors?.map(\.field) == ["region"])

            let invalid = try await fixture.register(
                body: #"{"workerId":"bad id!","instanceId":"\#(instance)","endpoint":"ftp://10.0.0.5/x","#
                    + #""maxSessions":0}"#)
            let problem = try Self.problem(invalid, .unprocessableContent, type: "urn:auto-prospect:problem:validation")
            #expect(Set(problem.errors?.map(\.field) ?? []) == ["workerId", "endpoint", "maxSessions"])
            #expect(problem.errors?.count == 3)
            #expect(try await fixture.list().isEmpty)

            try await fixture.registered("wa-1", instance: UUID(uuidString: instance)!)
            let negative = try await fixture.heartbeat("wa-1", instance: UUID(uuidString: instance)!, sessions: -1)
            let heartbeat = try Self.problem(
                negative, .unprocessableContent, type: "urn:auto-prospect:problem:validation")
            #expect(heartbeat.errors?.map(\.field) == ["sessions"])
            // Counts beyond what the table holds are the client's error too, not the server's.
            let huge = try await fixture.heartbeat(
                "wa-1", instance: UUID(uuidString: instance)!, sessions: 3_000_000_000,
                activeConnections: 3_000_000_000)
            let tooLarge = try Self.problem(huge, .unprocessableContent, type: "urn:auto-prospect:problem:validation")
            #expect(tooLarge.errors?.map(\.field) == ["sessions", "activeConnections"])
            #expect(try await fixture.listed("wa-1").sessions == 0)
        }
    }

    // MARK: Races

    @Test func concurrentRegistrationsOfOneIDHaveOneWinner() async throws {
        try await Fixture.with { fixture in
            let instances = (0..<8).map { _ in UUID() }
            let outcomes = try await withThrowingTaskGroup(of: (UUID, HTTPResponse.Status).self) { group in
                for instance in instances {
                    group.addTask { (instance, try await fixture.register("wa-1", instance: instance).status) }
                }
                return try await group.reduce(into: [(UUID, HTTPResponse.Status)]()) { $0.append($1) }
            }
            let winners = outcomes.filter { $0.1 == .created }.map(\.0)
            #expect(winners.count == 1)
            #expect(outcomes.filter { $0.1 == .conflict }.count == instances.count - 1)

            let winner = try #require(winners.first)
            let worker = try await fixture.listed("wa-1")
            #expect(worker.instanceId == winner.uuidString.lowercased())
            #expect(worker.status == "online")
            #expect(try await fixture.liveOwner("wa-1") == winner.uuidString.lowercased())
        }
    }
}
