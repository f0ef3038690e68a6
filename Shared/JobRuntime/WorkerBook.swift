import Synchronization

/// The bookkeeping of one worker process: jobs held (fetched and not yet settled), the local FIFO of jobs
/// not yet started, successes waiting to be acknowledged in a batch, and the drain flag. Its methods never
/// block; waiting is done with continuations resumed outside the lock.
final class WorkerBook: Sendable {
    private let state: Mutex<State>

    private struct State {
        var capacity: Int
        var inbox: [Job] = []
        var inboxHead = 0
        var held: [String: ContinuousClock.Instant] = [:]
        var completed: [Job] = []
        /// Successes whose acknowledgement is not written yet: still pending in Redis, so still ours, and kept
        /// alive like held ones (by when they were last refreshed) until the acknowledgement lands.
        var settling: [String: ContinuousClock.Instant] = [:]
        /// Held deliveries another consumer took over: no longer kept alive, never started here.
        var lost: Set<String> = []
        /// Running handlers with a deadline, and how to give each up when it passes.
        var deadlines: [String: (deadline: ContinuousClock.Instant, giveUp: @Sendable () -> Void)] = [:]
        var draining = false
        var workersLeft: Int
        var toRelease: [Job] = []
        var readerWaiter: CheckedContinuation<Int, Never>?
        var workerWaiters: [CheckedContinuation<Job?, Never>] = []
        var settleWaiter: CheckedContinuation<Void, Never>?
        var drainWaiters: [CheckedContinuation<Void, Never>] = []

        var inboxCount: Int { inbox.count - inboxHead }

        mutating func popInbox() -> Job? {
            guard inboxHead < inbox.count else { return nil }
            let job = inbox[inboxHead]
            inboxHead += 1
            if inboxHead > 64 && inboxHead * 2 > inbox.count {
                inbox.removeFirst(inboxHead)
                inboxHead = 0
            }
            return job
        }

        /// Fetch more once half the room is free, or as soon as nothing is left to start.
        var roomToFetch: Int? {
            let room = capacity - held.count
            guard room > 0 else { return nil }
            return (room * 2 >= capacity || inboxCount == 0) ? room : nil
        }
    }

    init(capacity: Int, workers: Int) {
        state = Mutex(State(capacity: max(1, capacity), workersLeft: workers))
    }

    var isDraining: Bool { state.withLock { $0.draining } }

    // MARK: - Reader side

    /// Waits until there is room to fetch; returns how many jobs to fetch, or 0 when draining.
    func waitForRoom() async -> Int {
        await withCheckedContinuation { continuation in
            let now: Int? = state.withLock { state in
                if state.draining { return 0 }
                if let room = state.roomToFetch { return room }
                state.readerWaiter = continuation
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// Whether this process holds the delivery (running, prefetched, or settling).
    func isHeld(_ streamID: String) -> Bool {
        state.withLock { $0.held[streamID] != nil || $0.settling[streamID] != nil }
    }

    /// Acknowledgements written: these deliveries are no longer pending.
    func settled(_ jobs: [Job]) {
        state.withLock { state in
            for job in jobs { state.settling[job.streamID] = nil }
        }
    }

    /// How many more jobs may be held right now (for reclaims).
    var freeRoom: Int { state.withLock { $0.draining ? 0 : max(0, $0.capacity - $0.held.count) } }

    /// Hands fetched jobs to the workers (or, while draining, keeps them to be released).
    func deliver(_ jobs: [Job]) {
        guard !jobs.isEmpty else { return }
        let now = ContinuousClock.now
        let wake = state.withLock { state -> [(CheckedContinuation<Job?, Never>, Job)] in
            if state.draining {
                state.toRelease += jobs
                return []
            }
            var wake: [(CheckedContinuation<Job?, Never>, Job)] = []
            for job in jobs {
                state.held[job.streamID] = now
                state.lost.remove(job.streamID)
                if !state.workerWaiters.isEmpty {
                    wake.append((state.workerWaiters.removeFirst(), job))
                } else {
                    state.inbox.append(job)
                }
            }
            return wake
        }
        for (waiter, job) in wake { waiter.resume(returning: job) }
    }

    // MARK: - Worker side

    /// The next job to run, or nil when draining (unstarted jobs are then kept for release).
    func nextJob() async -> Job? {
        await withCheckedContinuation { continuation in
            var reader: (continuation: CheckedContinuation<Int, Never>, room: Int)?
            let now: Job?? = state.withLock { state in
                if state.draining { return .some(nil) }
                while let job = state.popInbox() {
                    guard state.lost.contains(job.streamID) else { return .some(job) }
                    // Taken over before it started: the new owner runs it.
                    reader = freeSlot(job, in: &state) ?? reader
                }
                state.workerWaiters.append(continuation)
                return .none
            }
            reader.map { $0.continuation.resume(returning: $0.room) }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// A handler succeeded: queue the acknowledgement and free the slot.
    func succeeded(_ job: Job) {
        let (reader, settler) = state.withLock { state in
            state.completed.append(job)
            state.settling[job.streamID] = state.held[job.streamID] ?? .now
            return (freeSlot(job, in: &state), state.settleWaiter.take())
        }
        reader.map { $0.continuation.resume(returning: $0.room) }
        settler?.resume()
    }

    /// A failure was settled (retry scheduled or dead-lettered), or the job was released: free the slot.
    func settledElsewhere(_ job: Job) {
        let reader = state.withLock { freeSlot(job, in: &$0) }
        reader.map { $0.continuation.resume(returning: $0.room) }
    }

    /// A job that must go back to the queue (shutdown cancelled its handler).
    func release(_ job: Job) {
        state.withLock { state in
            state.held[job.streamID] = nil
            state.toRelease.append(job)
        }
    }

    /// A worker loop ended.
    func workerFinished() {
        let settler = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.workersLeft -= 1
            return state.workersLeft == 0 ? state.settleWaiter.take() : nil
        }
        settler?.resume()
    }

    private func freeSlot(_ job: Job, in state: inout State) -> (
        continuation: CheckedContinuation<Int, Never>, room: Int
    )? {
        state.held[job.streamID] = nil
        state.lost.remove(job.streamID)
        state.deadlines[job.streamID] = nil
        guard let room = state.roomToFetch, let waiter = state.readerWaiter.take() else { return nil }
        return (waiter, room)
    }

    // MARK: - Settling side

    /// Waits for successes to acknowledge; returns up to `limit`, or an empty batch once every worker has
    /// finished and nothing is left.
    func takeCompleted(limit: Int) async -> [Job] {
        while true {
            let taken: [Job]? = state.withLock { state in
                guard !state.completed.isEmpty else { return state.workersLeft == 0 ? [] : nil }
                let count = min(limit, state.completed.count)
                defer { state.completed.removeFirst(count) }
                return Array(state.completed.prefix(count))
            }
            if let taken { return taken }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if !state.completed.isEmpty || state.workersLeft == 0 { return true }
                    state.settleWaiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    // MARK: - Draining

    /// Stops fetching and starting jobs; unstarted ones are kept for release.
    func beginDrain() {
        let (reader, workers, settler, drainWaiters) = state.withLock { state in
            state.draining = true
            let drainWaiters = state.drainWaiters
            state.drainWaiters.removeAll()
            while let job = state.popInbox() {
                state.held[job.streamID] = nil
                state.toRelease.append(job)
            }
            let workers = state.workerWaiters
            state.workerWaiters.removeAll()
            return (state.readerWaiter.take(), workers, state.settleWaiter.take(), drainWaiters)
        }
        for waiter in drainWaiters { waiter.resume() }
        reader?.resume(returning: 0)
        for waiter in workers { waiter.resume(returning: nil) }
        settler?.resume()
    }

    /// Returns once a drain has begun.
    func waitUntilDraining() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.draining { return true }
                state.drainWaiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Deliveries to hand back to the queue; clears the list.
    func takeReleases() -> [Job] {
        state.withLock { state in
            defer { state.toRelease.removeAll() }
            return state.toRelease
        }
    }

    /// Stream ids held or settling longer than `age` (to keep their deliveries from looking abandoned).
    func heldLonger(than age: Duration) -> [String] {
        let cutoff = ContinuousClock.now - age
        return state.withLock { state in
            state.held.filter { $0.value <= cutoff && !state.lost.contains($0.key) }.map(\.key)
                + state.settling.filter { $0.value <= cutoff && !state.lost.contains($0.key) }.map(\.key)
        }
    }

    /// Marks held deliveries as refreshed now.
    func refreshed(_ ids: [String]) {
        let now = ContinuousClock.now
        state.withLock { state in
            for id in ids {
                if state.held[id] != nil { state.held[id] = now }
                if state.settling[id] != nil { state.settling[id] = now }
            }
        }
    }

    // MARK: - Ownership and deadlines

    /// Deliveries that another consumer now owns: stop keeping them alive; unstarted ones are not started.
    func lost(_ ids: [String]) {
        state.withLock { state in
            for id in ids {
                if state.held[id] != nil { state.lost.insert(id) }
                state.settling[id] = nil
            }
        }
    }

    /// A handler started on `streamID`; `giveUp` runs if it is still running at `deadline`.
    func started(_ streamID: String, deadline: ContinuousClock.Instant, giveUp: @escaping @Sendable () -> Void) {
        state.withLock { $0.deadlines[streamID] = (deadline, giveUp) }
    }

    /// Removes and returns the give-up actions of handlers running past their deadline at `now`.
    func takeOverdue(at now: ContinuousClock.Instant) -> [@Sendable () -> Void] {
        state.withLock { state in
            let overdue = state.deadlines.filter { $0.value.deadline <= now }
            for id in overdue.keys { state.deadlines[id] = nil }
            return overdue.values.map(\.giveUp)
        }
    }
}

extension Optional {
    /// Returns the value and leaves nil behind.
    fileprivate mutating func take() -> Wrapped? {
        defer { self = nil }
        return self
    }
}
