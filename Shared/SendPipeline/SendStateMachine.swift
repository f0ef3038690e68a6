import Foundation
import MessageStore

/// The order of one send attempt, as a plain state machine: each input returns the one action to do next,
/// and nothing here does I/O (``SendPipeline`` runs the actions). The rules it keeps:
/// - the provider is called only under this attempt's lease, and only when the lease has at least
///   ``Settings/minimumLeaseForSend`` left at that moment by this process's own clock (a process paused past
///   its lease never sends on resume: the lease is measured from before it was asked for);
/// - another delivery's live lease means it may be calling the provider now: wait, never call;
/// - an attempt mark left by an earlier attempt means the provider may have the message: ask it first;
/// - the lease is given back whenever the attempt stops without an outcome, keeping the mark when an
///   earlier attempt may have reached the provider; after a call that got no answer it is kept until it runs
///   out (the request may still be in flight, invisible to a lookup).
package struct SendStateMachine: Sendable {
    package struct Settings: Sendable, Hashable {
        /// How long a lease lasts: longer than a lookup and a provider call together can take.
        package var leaseDuration: Duration
        /// The least lease time left when the provider call starts: the provider timeout and a margin.
        package var minimumLeaseForSend: Duration

        /// A lease of twice the provider timeout (a lookup, then a send) plus 10 s, of which the timeout plus 5 s
        /// must be left when the send starts.
        package init(providerTimeout: Duration) {
            self.init(
                leaseDuration: providerTimeout * 2 + .seconds(10), minimumLeaseForSend: providerTimeout + .seconds(5))
        }

        package init(leaseDuration: Duration, minimumLeaseForSend: Duration) {
            self.leaseDuration = leaseDuration
            self.minimumLeaseForSend = min(minimumLeaseForSend, leaseDuration)
        }
    }

    /// What to retry with, thrown as a job failure.
    package enum Retry: Sendable, Hashable {
        /// Try again after `after` without using an attempt (rate limits, another delivery's lease).
        case later(after: Duration, reason: String)
        /// A failure that may pass: uses an attempt; `after` replaces the backoff when given.
        case transient(reason: String, after: Duration?)
    }

    package enum Action: Sendable, Hashable {
        /// Let the channel route the message; answer with ``prepared(_:)``.
        case prepare
        /// Ask for the lease for `duration`; answer with ``leaseAnswered(_:requestedAt:)``.
        case acquireLease(duration: Duration)
        /// Ask the provider about the attempt marked at `since`; answer with ``lookedUp(_:)``.
        case lookUp(since: Date)
        /// Check the lease's time left right now; answer with ``leaseChecked(at:)``.
        case checkLease
        /// Call the provider; answer with ``sent(_:)``.
        case send
        case recordSent(providerMessageID: String)
        case recordFailure(code: String, reason: String)
        /// Give the lease back (keeping the attempt mark when `providerMayHaveIt`), then retry.
        case releaseLease(providerMayHaveIt: Bool, then: Retry)
        /// Retry without a lease to give back.
        case retry(Retry)
        /// Done without sending.
        case finish(SendOutcome)
    }

    private enum State: Sendable, Hashable {
        case initial
        case preparing
        case leasing
        /// The lease is ours until `deadline` (this process's clock); `providerMayHaveIt` tells whether an
        /// earlier attempt's mark existed (the provider may have the message).
        case leased(deadline: ContinuousClock.Instant, providerMayHaveIt: Bool)
        case lookingUp(deadline: ContinuousClock.Instant)
        case sending
        case done
    }

    package let settings: Settings
    private let isLastAttempt: Bool
    private var state: State = .initial

    package init(settings: Settings, isLastAttempt: Bool) {
        self.settings = settings
        self.isLastAttempt = isLastAttempt
    }

    /// The message row was read.
    package mutating func loaded(status: MessageStatus) -> Action {
        precondition(state == .initial, "loaded(status:) twice")
        if status.isPastSending { return finish(.skipped(status)) }
        state = .preparing
        return .prepare
    }

    /// The channel's answer to ``Action/prepare``.
    package mutating func prepared<Route>(_ preparation: SendPreparation<Route>, status: MessageStatus) -> Action {
        precondition(state == .preparing, "prepared(_:) out of order")
        switch preparation {
        case .ready:
            state = .leasing
            return .acquireLease(duration: settings.leaseDuration)
        case .fail(let code, let reason):
            state = .done
            return .recordFailure(code: code, reason: reason)
        case .wait(let after, let reason):
            state = .done
            return .retry(.later(after: after, reason: reason))
        case .notHere:
            return finish(.skipped(status))
        }
    }

    /// The store's answer to ``Action/acquireLease(duration:)``, asked at `requestedAt` by this process's clock.
    package mutating func leaseAnswered(_ answer: SendLeaseAnswer, requestedAt: ContinuousClock.Instant) -> Action {
        precondition(state == .leasing, "leaseAnswered(_:requestedAt:) out of order")
        switch answer {
        case .pastSending(let status):
            return finish(.skipped(status))
        case .heldElsewhere(let remaining):
            state = .done
            // A moment past its end: by then it is recorded, given back or expired.
            return .retry(
                .later(after: remaining + .milliseconds(250), reason: "another delivery holds the send lease"))
        case .acquired(let previousAttemptAt):
            let deadline = requestedAt + settings.leaseDuration
            if let previousAttemptAt {
                state = .lookingUp(deadline: deadline)
                return .lookUp(since: previousAttemptAt)
            }
            state = .leased(deadline: deadline, providerMayHaveIt: false)
            return .checkLease
        }
    }

    /// The provider's answer to ``Action/lookUp(since:)``.
    package mutating func lookedUp(_ answer: SendLookupAnswer) -> Action {
        guard case .lookingUp(let deadline) = state else { preconditionFailure("lookedUp(_:) out of order") }
        switch answer {
        case .found(let providerMessageID):
            state = .done
            return .recordSent(providerMessageID: providerMessageID)
        case .notFound, .unsupported:
            state = .leased(deadline: deadline, providerMayHaveIt: true)
            return .checkLease
        case .pending(let after):
            state = .done
            return .releaseLease(
                providerMayHaveIt: true,
                then: .later(after: after, reason: "an earlier attempt's outcome is not known yet"))
        case .failed(let reason):
            state = .done
            if isLastAttempt {
                return .recordFailure(code: "outcome_unknown", reason: "an earlier attempt's outcome is unknown")
            }
            return .releaseLease(
                providerMayHaveIt: true,
                then: .transient(reason: "cannot ask the provider about an earlier attempt: \(reason)", after: nil))
        }
    }

    /// ``Action/checkLease`` at `now`, right before the provider call.
    package mutating func leaseChecked(at now: ContinuousClock.Instant) -> Action {
        guard case .leased(let deadline, let providerMayHaveIt) = state else {
            preconditionFailure("leaseChecked(at:) out of order")
        }
        guard deadline - now >= settings.minimumLeaseForSend else {
            // Too little left for the provider call to end inside the lease (the process was paused, or the
            // lookup was slow): another delivery may take it over mid-call. Not sent; start over a moment later
            // (not at once: a lease that can never be long enough must not spin without using attempts).
            state = .done
            return .releaseLease(
                providerMayHaveIt: providerMayHaveIt,
                then: .later(after: .seconds(1), reason: "the send lease ran short before the provider call"))
        }
        state = .sending
        return .send
    }

    /// The provider's answer to ``Action/send``.
    package mutating func sent(_ answer: SendAnswer) -> Action {
        precondition(state == .sending, "sent(_:) out of order")
        state = .done
        switch answer {
        case .accepted(let providerMessageID):
            return .recordSent(providerMessageID: providerMessageID)
        case .permanentFailure(let code, let reason):
            return .recordFailure(code: code, reason: reason)
        case .transientFailure(let code, let reason, let retryAfter, let mayHaveReachedProvider):
            if isLastAttempt { return .recordFailure(code: code, reason: reason) }
            if mayHaveReachedProvider {
                // No answer: the request may still be in flight at the provider, where a lookup cannot see it
                // yet. The lease is kept until it runs out, so the next attempt waits for that, then asks.
                return .retry(.transient(reason: reason, after: retryAfter))
            }
            return .releaseLease(providerMayHaveIt: false, then: .transient(reason: reason, after: retryAfter))
        }
    }

    /// When the attempt stops on an error before the provider call (a database failure, a cancellation): nil
    /// when there is no lease to give back, else whether giving it back keeps the attempt mark.
    package var leaseLeftBeforeSend: Bool? {
        switch state {
        case .leased(_, let providerMayHaveIt): providerMayHaveIt
        case .lookingUp: true
        case .initial, .preparing, .leasing, .sending, .done: nil
        }
    }

    private mutating func finish(_ outcome: SendOutcome) -> Action {
        state = .done
        return .finish(outcome)
    }
}
