import Foundation

/// A dedicated OS thread that runs blocking C calls (hiredis, libpq, libcurl) one at a time, in order.
///
/// Swift's cooperative pool has one thread per core; a blocking call there starves every task in the
/// process. Each C handle that blocks gets one of these threads instead, so its calls stay serialised
/// (the handle is never touched by two threads at once) and the async caller just suspends.
package final class BlockingThread: Sendable {
    private let queue: WorkQueue

    /// Starts the thread; `name` shows in debuggers and `top -H` (first 15 characters).
    package init(name: String) {
        let queue = WorkQueue()
        self.queue = queue
        let worker = Thread { queue.drain(takeAll: true) }
        worker.name = String(name.prefix(15))
        worker.stackSize = 1 << 20
        worker.start()
    }

    deinit {
        queue.stop()
    }

    /// Runs `body` on the thread and returns its result; the calling task suspends meanwhile.
    package func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let accepted = queue.enqueue {
                continuation.resume(with: Swift.Result { try body() })
            }
            if !accepted {
                continuation.resume(throwing: BlockingThreadStopped())
            }
        }
    }

    /// Runs `body` on the thread without waiting for it (best-effort cleanup such as freeing a handle).
    package func submit(_ body: @escaping @Sendable () -> Void) {
        _ = queue.enqueue(body)
    }

    /// Stops accepting work; work already queued still runs, then the thread exits.
    package func shutdown() {
        queue.stop()
    }
}

/// The thread's FIFO of closures, shared by the owner and the thread (which keeps it alive until it exits).
final class WorkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var work: [@Sendable () -> Void] = []
    private var stopping = false

    func enqueue(_ body: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if stopping { return false }
        work.append(body)
        condition.signal()
        return true
    }

    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    /// Runs queued work until stopped. A single owner thread takes everything queued at once (fewer lock
    /// round trips); threads of a pool take one item each so that they share the load.
    func drain(takeAll: Bool) {
        var batch: [@Sendable () -> Void] = []
        while true {
            condition.lock()
            while work.isEmpty && !stopping {
                condition.wait()
            }
            if work.isEmpty {
                condition.broadcast()
                condition.unlock()
                return
            }
            if takeAll {
                swap(&batch, &work)
            } else {
                batch.append(work.removeFirst())
            }
            condition.unlock()
            for item in batch { item() }
            batch.removeAll(keepingCapacity: true)
        }
    }
}

/// Thrown when work is submitted to a ``BlockingThread`` that has been shut down.
package struct BlockingThreadStopped: Error, CustomStringConvertible {
    package init() {}
    package var description: String { "the blocking I/O thread has been shut down" }
}
