import Foundation
import JobRuntime
import TestSupport
import Testing

@testable import WhatsAppGateway

/// One owner per WhatsApp session, on real Postgres and Redis: a worker's writes hold only under the ownership
/// generation it started the session with, a refused write closes the session there, and past the fence's
/// deadline a worker closes every session, starts and sends nothing, and reopens only what is still its own.
@Suite(.timeLimit(.minutes(1))) struct SessionOwnershipTests {
    enum Reassignment: String, CaseIterable, Sendable {
        /// The gateway's failover moved it to another worker.
        case moved
        /// A restart on the same worker: a new generation, the old connection stale.
        case restarted
    }

    @Test(arguments: Reassignment.allCases)
    func aWriteUnderAnOlderGenerationIsRefusedAndChangesNothing(_ how: Reassignment) async throws {
        try await SupervisorFixture.with { fixture in
            let id = try await fixture.sessionRow()
            let stale = try #require(try await fixture.store.load(id))
            #expect(stale.generation == 1)
            try await fixture.reassign(id, to: how == .moved ? SupervisorFixture.otherWorker : SupervisorFixture.worker)

            await #expect(throws: SessionStore.OwnershipLost.self) {
                try await fixture.store.setStatus(stale, .connected, phone: "+33600000001")
            }
            await #expect(throws: SessionStore.OwnershipLost.self) {
                try await fixture.store.saveAuth(stale, Array("auth".utf8))
            }
            await #expect(throws: SessionStore.OwnershipLost.self) { try await fixture.store.confirmOwnership(stale) }
            let row = try await fixture.row(id)
            #expect(row.status == "starting" && !row.sealed && row.generation == 2)

            // The current generation writes.
            if how == .restarted {
                let current = try #require(try await fixture.store.load(id))
                #expect(current.generation == 2)
                try await fixture.store.setStatus(current, .qrRequired)
                try await fixture.store.saveAuth(current, Array("auth".utf8))
                let written = try await fixture.row(id)
                #expect(written.status == "qr_required" && written.sealed)
            } else {
                #expect(try await fixture.store.load(id) == nil)
            }
        }
    }

    @Test(arguments: Reassignment.allCases)
    func aRefusedWriteClosesTheSessionHereAndLeavesTheNewOwnersQRAlone(_ how: Reassignment) async throws {
        try await SupervisorFixture.with { fixture in
            await fixture.openFence()
            let id = try await fixture.sessionRow()
            try await fixture.supervisor.start(id)
            // The connection opens in the session's follower task.
            #expect(try await eventually { fixture.engine.isOpen(id) })
            #expect(fixture.engine.emit(.qr("2@first", validFor: .seconds(60)), to: id))
            #expect(
                try await eventually {
                    let status = try await fixture.row(id).status
                    let qr = try await fixture.qr(id)
                    return status == "qr_required" && qr == "2@first"
                })

            try await fixture.reassign(id, to: how == .moved ? SupervisorFixture.otherWorker : SupervisorFixture.worker)
            _ = try await fixture.test.redis.send(
                "SET", fixture.test.stores.redisPrefix + "wa:qr:" + id.uuidString.lowercased(), "2@new-owner", "PX",
                60_000)
            // The old connection rotates its QR: the row refuses the write, and the session closes here.
            #expect(fixture.engine.emit(.qr("2@stale", validFor: .seconds(60)), to: id))
            #expect(try await eventually { !fixture.engine.isOpen(id) && fixture.supervisor.sessionCount == 0 })
            #expect(try await fixture.qr(id) == "2@new-owner")
            #expect(try await fixture.row(id).status == "starting")
        }
    }

    @Test func pastTheFenceEverySessionClosesNothingStartsOrSendsAndOnlySessionsStillOwnedReopen() async throws {
        try await SupervisorFixture.with { fixture in
            let accepted = ContinuousClock.now
            await fixture.openFence(at: accepted)
            let kept = try await fixture.sessionRow()
            let moved = try await fixture.sessionRow()
            for id in [kept, moved] {
                try await fixture.supervisor.start(id)
                #expect(try await eventually { fixture.engine.isOpen(id) })
                #expect(fixture.engine.emit(.connected(phone: "+33600000001", authState: Array("auth".utf8)), to: id))
            }
            #expect(
                try await eventually {
                    for id in [kept, moved] {
                        guard let session = try await fixture.store.load(id),
                            await fixture.supervisor.isConnected(session)
                        else { return false }
                    }
                    return true
                })
            let session = try #require(try await fixture.store.load(kept))

            // One interval short of the lapse (10 s of 30 s) after the last accepted heartbeat was sent.
            _ = await fixture.supervisor.enforceFence(now: accepted + .seconds(19))
            #expect(fixture.supervisor.sessionCount == 2)
            _ = await fixture.supervisor.enforceFence(now: accepted + .seconds(20))
            #expect(fixture.supervisor.sessionCount == 0)
            #expect(!fixture.engine.isOpen(kept) && !fixture.engine.isOpen(moved))
            // Rows untouched: the gateway decides where the sessions go.
            #expect(try await fixture.row(kept).status == "connected")

            let outgoing = OutgoingWhatsApp(to: "+33612345678", text: "Bonjour", media: nil, messageID: UUID())
            guard case .transientFailure(let code, _, _, _) = await fixture.supervisor.send(session, outgoing) else {
                Issue.record("a fenced worker sent")
                return
            }
            #expect(code == "not_open")
            #expect(fixture.engine.sends(kept) == 0)
            await #expect(throws: JobFailure.self) { try await fixture.supervisor.start(kept) }
            #expect(fixture.engine.opens(kept) == 1)

            // Meanwhile the gateway moved one of them; heartbeats are accepted again.
            try await fixture.reassign(moved, to: SupervisorFixture.otherWorker)
            await fixture.openFence()
            #expect(try await eventually { fixture.engine.opens(kept) == 2 })
            #expect(fixture.engine.opens(moved) == 1)
            #expect(fixture.supervisor.sessionCount == 1)
            #expect(try await fixture.row(moved).worker == SupervisorFixture.otherWorker)
        }
    }
}
