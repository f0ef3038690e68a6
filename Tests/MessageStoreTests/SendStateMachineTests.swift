import Foundation
import MessageStore
import SendPipeline
import Testing

/// The send pipeline's rules, step by step, without any I/O.
@Suite("send state machine")
struct SendStateMachineTests {
    static let settings = SendStateMachine.Settings(leaseDuration: .seconds(40), minimumLeaseForSend: .seconds(20))
    static let start = ContinuousClock.now
    static let earlier = Date(timeIntervalSince1970: 1_800_000_000)

    private func machine(lastAttempt: Bool = false) -> SendStateMachine {
        SendStateMachine(settings: Self.settings, isLastAttempt: lastAttempt)
    }

    /// A machine that routed the message and is asking for the lease.
    private func leasing(lastAttempt: Bool = false) -> SendStateMachine {
        var machine = machine(lastAttempt: lastAttempt)
        #expect(machine.loaded(status: .queued) == .prepare)
        #expect(
            machine.prepared(SendPreparation.ready("route"), status: .queued) == .acquireLease(duration: .seconds(40)))
        return machine
    }

    @Test("the first attempt: lease, check, send, record")
    func happyPath() {
        var machine = leasing()
        #expect(machine.leaseAnswered(.acquired(previousAttemptAt: nil), requestedAt: Self.start) == .checkLease)
        #expect(machine.leaseLeftBeforeSend == false)
        #expect(machine.leaseChecked(at: Self.start + .seconds(1)) == .send)
        #expect(machine.leaseLeftBeforeSend == nil)
        #expect(machine.sent(.accepted(providerMessageID: "SM1")) == .recordSent(providerMessageID: "SM1"))
    }

    @Test("a message past sending is skipped before anything else")
    func pastSending() {
        var machine = machine()
        #expect(machine.loaded(status: .sent) == .finish(.skipped(.sent)))
    }

    @Test("another delivery's live lease: wait past its end, never send")
    func heldElsewhere() {
        var machine = leasing()
        let action = machine.leaseAnswered(.heldElsewhere(remaining: .seconds(12)), requestedAt: Self.start)
        guard case .retry(.later(let after, _)) = action else {
            Issue.record("expected a wait, got \(action)")
            return
        }
        #expect(after > .seconds(12) && after < .seconds(13))
        #expect(machine.leaseLeftBeforeSend == nil)
    }

    @Test("a status recorded by another delivery meanwhile: skipped")
    func recordedMeanwhile() {
        var machine = leasing()
        #expect(machine.leaseAnswered(.pastSending(.sent), requestedAt: Self.start) == .finish(.skipped(.sent)))
    }

    @Test("an earlier unrecorded attempt: ask first; found is recorded without sending")
    func lookupFound() {
        var machine = leasing()
        #expect(
            machine.leaseAnswered(.acquired(previousAttemptAt: Self.earlier), requestedAt: Self.start)
                == .lookUp(since: Self.earlier))
        #expect(machine.leaseLeftBeforeSend == true)
        #expect(machine.lookedUp(.found(providerMessageID: "SM9")) == .recordSent(providerMessageID: "SM9"))
    }

    @Test("not found after an earlier attempt: send, and a failure keeps the mark")
    func lookupNotFound() {
        var machine = leasing()
        _ = machine.leaseAnswered(.acquired(previousAttemptAt: Self.earlier), requestedAt: Self.start)
        #expect(machine.lookedUp(.notFound) == .checkLease)
        #expect(machine.leaseChecked(at: Self.start + .seconds(5)) == .send)
        let answer = SendAnswer.transientFailure(
            code: "http_503", reason: "unavailable", retryAfter: nil, mayHaveReachedProvider: false)
        #expect(
            machine.sent(answer)
                == .releaseLease(providerMayHaveIt: false, then: .transient(reason: "unavailable", after: nil)))
    }

    @Test("an outcome not known yet (Cloud API webhook grace): give the lease back, keep the mark, wait")
    func lookupPending() {
        var machine = leasing()
        _ = machine.leaseAnswered(.acquired(previousAttemptAt: Self.earlier), requestedAt: Self.start)
        let action = machine.lookedUp(.pending(after: .seconds(5)))
        guard case .releaseLease(true, .later(let after, _)) = action else {
            Issue.record("expected release-and-wait, got \(action)")
            return
        }
        #expect(after == .seconds(5))
    }

    @Test("a lookup that cannot be answered retries, and on the last attempt fails as outcome_unknown")
    func lookupFailed() {
        var retrying = leasing()
        _ = retrying.leaseAnswered(.acquired(previousAttemptAt: Self.earlier), requestedAt: Self.start)
        guard case .releaseLease(true, .transient) = retrying.lookedUp(.failed(reason: "timeout")) else {
            Issue.record("expected a transient retry keeping the mark")
            return
        }
        var last = leasing(lastAttempt: true)
        _ = last.leaseAnswered(.acquired(previousAttemptAt: Self.earlier), requestedAt: Self.start)
        guard case .recordFailure("outcome_unknown", _) = last.lookedUp(.failed(reason: "timeout")) else {
            Issue.record("expected outcome_unknown")
            return
        }
    }

    @Test("a process paused past its lease does not send on resume")
    func pausedPastLease() {
        var machine = leasing()
        _ = machine.leaseAnswered(.acquired(previousAttemptAt: nil), requestedAt: Self.start)
        // 25 s later only 15 s of the 40 s lease are left, less than the 20 s a send needs.
        let action = machine.leaseChecked(at: Self.start + .seconds(25))
        guard case .releaseLease(false, .later) = action else {
            Issue.record("expected no send, got \(action)")
            return
        }
    }

    @Test("the lease is measured from before it was asked for, not from its answer")
    func leaseCountsFromTheRequest() {
        var machine = leasing()
        // The answer took 30 s to come back (a frozen process): the lease may be almost gone.
        _ = machine.leaseAnswered(.acquired(previousAttemptAt: nil), requestedAt: Self.start)
        guard case .releaseLease = machine.leaseChecked(at: Self.start + .seconds(30)) else {
            Issue.record("sent on a lease that may have run out")
            return
        }
    }

    @Test("no answer from the provider keeps the lease until it runs out; the last attempt fails the message")
    func timeoutKeepsLease() {
        let answer = SendAnswer.transientFailure(
            code: "timeout", reason: "no answer", retryAfter: nil, mayHaveReachedProvider: true)
        var machine = leasing()
        _ = machine.leaseAnswered(.acquired(previousAttemptAt: nil), requestedAt: Self.start)
        _ = machine.leaseChecked(at: Self.start)
        #expect(machine.sent(answer) == .retry(.transient(reason: "no answer", after: nil)))
        #expect(machine.leaseLeftBeforeSend == nil)

        var last = leasing(lastAttempt: true)
        _ = last.leaseAnswered(.acquired(previousAttemptAt: nil), requestedAt: Self.start)
        _ = last.leaseChecked(at: Self.start)
        #expect(last.sent(answer) == .recordFailure(code: "timeout", reason: "no answer"))
    }

    @Test("routing decisions: fail, wait, or not this sender's")
    func preparations() {
        var failing = machine()
        _ = failing.loaded(status: .pending)
        #expect(
            failing.prepared(SendPreparation<String>.fail(code: "no_credentials", reason: "none"), status: .pending)
                == .recordFailure(code: "no_credentials", reason: "none"))
        var waiting = machine()
        _ = waiting.loaded(status: .pending)
        #expect(
            waiting.prepared(SendPreparation<String>.wait(after: .seconds(2), reason: "pacing"), status: .pending)
                == .retry(.later(after: .seconds(2), reason: "pacing")))
        var moved = machine()
        _ = moved.loaded(status: .queued)
        #expect(
            moved.prepared(SendPreparation<String>.notHere(reason: "moved"), status: .queued)
                == .finish(.skipped(.queued)))
    }

    @Test("settings from a provider timeout leave room for a lookup and a send")
    func settingsFromTimeout() {
        let settings = SendStateMachine.Settings(providerTimeout: .seconds(15))
        #expect(settings.leaseDuration == .seconds(40))
        #expect(settings.minimumLeaseForSend == .seconds(20))
        #expect(settings.leaseDuration - .seconds(15) >= settings.minimumLeaseForSend)
    }
}
