import Testing

@testable import WhatsAppGateway

/// The worker's fence: sessions run only until one heartbeat interval before the gateway may consider the
/// worker lapsed, counted from when the last accepted heartbeat was sent.
@Suite struct HeartbeatFenceTests {
    let start = ContinuousClock.now
    let interval = Duration.seconds(10)
    let lapse = Duration.seconds(30)

    @Test func closedUntilTheFirstAcceptedHeartbeatThenOpenUntilLapseLessOneInterval() {
        var fence = HeartbeatFence()
        #expect(!fence.allowsSessions(at: start))
        #expect(fence.check(at: start) == .none)

        let answered = start + .milliseconds(300)
        #expect(fence.accepted(sentAt: start, interval: interval, lapse: lapse, now: answered) == .resumeSessions)
        #expect(fence.deadline == start + .seconds(20))
        #expect(fence.allowsSessions(at: start + .seconds(19)))
        #expect(fence.check(at: start + .seconds(19)) == .none)

        // The gateway's key lives until at least `start + lapse`: the fence closes a full interval before.
        #expect(!fence.allowsSessions(at: start + .seconds(20)))
        #expect(fence.check(at: start + .seconds(20)) == .closeSessions)
        #expect(fence.check(at: start + .seconds(21)) == .none)
        #expect(!fence.isOpen)
    }

    @Test func eachAcceptedHeartbeatMovesTheDeadlineOnAndAfterClosingReopensOnce() {
        var fence = HeartbeatFence()
        _ = fence.accepted(sentAt: start, interval: interval, lapse: lapse, now: start)
        #expect(
            fence.accepted(sentAt: start + interval, interval: interval, lapse: lapse, now: start + interval) == .none)
        #expect(fence.deadline == start + .seconds(30))
        // An older heartbeat answered late never shortens the deadline.
        _ = fence.accepted(sentAt: start + .seconds(5), interval: interval, lapse: lapse, now: start + .seconds(12))
        #expect(fence.deadline == start + .seconds(30))

        #expect(fence.check(at: start + .seconds(30)) == .closeSessions)
        let back = start + .seconds(45)
        #expect(fence.accepted(sentAt: back, interval: interval, lapse: lapse, now: back) == .resumeSessions)
        #expect(fence.accepted(sentAt: back, interval: interval, lapse: lapse, now: back) == .none)
        #expect(fence.allowsSessions(at: back + .seconds(19)))
    }

    @Test func aHeartbeatAnsweredPastItsOwnDeadlineDoesNotReopen() {
        var fence = HeartbeatFence()
        #expect(
            fence.accepted(sentAt: start, interval: interval, lapse: lapse, now: start + .seconds(25)) == .none)
        #expect(!fence.allowsSessions(at: start + .seconds(25)))
    }

    @Test func theMarginIsAtMostHalfTheLapse() {
        let deadline = HeartbeatFence.deadline(sentAt: start, interval: .seconds(10), lapse: .seconds(12))
        #expect(deadline == start + .seconds(6))
    }
}
