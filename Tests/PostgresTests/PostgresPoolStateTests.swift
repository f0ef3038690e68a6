import Testing

@testable import Postgres

@Suite("PostgresPoolState")
struct PostgresPoolStateTests {
    typealias State = PostgresPoolState<String, String>

    @Test("opens up to capacity, then queues waiters in arrival order")
    func capacityAndOrder() {
        var state = State(capacity: 2)
        #expect(isOpenNew(state.acquire(id: 1, waiter: "w1", isCancelled: false)))
        #expect(isOpenNew(state.acquire(id: 2, waiter: "w2", isCancelled: false)))
        #expect(isQueued(state.acquire(id: 3, waiter: "w3", isCancelled: false)))
        #expect(isQueued(state.acquire(id: 4, waiter: "w4", isCancelled: false)))
        #expect(state.open == 2)
        #expect(state.waiting == 2)

        let handOver = state.release("c1", reusable: true)
        #expect(handOver.close == nil)
        #expect(handOver.wake?.waiter == "w3")
        #expect(leasedConnection(handOver.wake?.lease) == "c1")
        #expect(state.release("c2", reusable: true).wake?.waiter == "w4")
        #expect(state.release("c1", reusable: true).wake == nil)
        #expect(state.idle == ["c1"])
        #expect(leasedConnection(lease(state.acquire(id: 5, waiter: "w5", isCancelled: false))) == "c1")
    }

    @Test("a broken connection is closed and its slot passes to the next waiter")
    func brokenConnectionPassesSlot() {
        var state = State(capacity: 1)
        _ = state.acquire(id: 1, waiter: "w1", isCancelled: false)
        _ = state.acquire(id: 2, waiter: "w2", isCancelled: false)
        let outcome = state.release("bad", reusable: false)
        #expect(outcome.close == "bad")
        #expect(outcome.wake?.waiter == "w2")
        #expect(isOpenNewLease(outcome.wake?.lease))
        #expect(state.open == 1)

        let last = state.release("bad-again", reusable: false)
        #expect(last.close == "bad-again")
        #expect(last.wake == nil)
        #expect(state.open == 0)
    }

    @Test("a failed open frees its slot or hands it on")
    func failedOpen() {
        var state = State(capacity: 1)
        _ = state.acquire(id: 1, waiter: "w1", isCancelled: false)
        _ = state.acquire(id: 2, waiter: "w2", isCancelled: false)
        #expect(state.openFailed()?.waiter == "w2")
        #expect(state.open == 1)
        #expect(state.openFailed() == nil)
        #expect(state.open == 0)
    }

    @Test("cancelling removes only that waiter; a cancelled task is not queued")
    func cancellation() {
        var state = State(capacity: 1)
        _ = state.acquire(id: 1, waiter: "w1", isCancelled: false)
        _ = state.acquire(id: 2, waiter: "w2", isCancelled: false)
        _ = state.acquire(id: 3, waiter: "w3", isCancelled: false)
        #expect(state.cancel(id: 2) == "w2")
        #expect(state.cancel(id: 2) == nil)
        #expect(state.waiting == 1)
        if case .cancelled = state.acquire(id: 4, waiter: "w4", isCancelled: true) {
        } else {
            Issue.record("a cancelled task was queued")
        }
        #expect(state.release("c", reusable: true).wake?.waiter == "w3")
    }

    @Test("closing returns waiters and idle connections, and closes returned ones")
    func closing() {
        var state = State(capacity: 2)
        _ = state.acquire(id: 1, waiter: "w1", isCancelled: false)
        _ = state.acquire(id: 2, waiter: "w2", isCancelled: false)
        _ = state.release("c1", reusable: true)
        _ = state.acquire(id: 3, waiter: "w3", isCancelled: false)
        _ = state.acquire(id: 4, waiter: "w4", isCancelled: false)
        let closed = state.close()
        #expect(closed.waiters == ["w4"])
        #expect(closed.idle == [])
        #expect(state.release("c2", reusable: true).close == "c2")
        #expect(state.open == 1)
        if case .closed = state.acquire(id: 5, waiter: "w5", isCancelled: false) {
        } else {
            Issue.record("a closed pool leased a connection")
        }
    }

    private func isOpenNew(_ decision: State.AcquireDecision) -> Bool { isOpenNewLease(lease(decision)) }

    private func isOpenNewLease(_ lease: State.Lease?) -> Bool {
        if case .openNew = lease { return true }
        return false
    }

    private func isQueued(_ decision: State.AcquireDecision) -> Bool {
        if case .queued = decision { return true }
        return false
    }

    private func lease(_ decision: State.AcquireDecision) -> State.Lease? {
        if case .lease(let lease) = decision { return lease }
        return nil
    }

    private func leasedConnection(_ lease: State.Lease?) -> String? {
        if case .connection(let connection) = lease { return connection }
        return nil
    }
}
