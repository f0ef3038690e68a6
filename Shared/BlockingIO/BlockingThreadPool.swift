import Foundation

/// A fixed set of OS threads sharing one FIFO, for blocking calls that need no handle affinity
/// (for example one libcurl transfer per call). Keeps blocking work off Swift's cooperative pool.
package final class BlockingThreadPool: Sendable {
    private let queue = WorkQueue()

    /// Starts `size` threads named `<name>-<n>`.
    package init(name: String, size: Int) {
        precondition(size > 0, "a thread pool needs at least one thread")
        for index in 0..<size {
            let queue = self.queue
            let worker = Thread { queue.drain(takeAll: false) }
            worker.name = String("\(name)-\(index)".prefix(15))
            worker.stackSize = 1 << 20
            worker.start()
        }
    }

    deinit {
        queue.stop()
    }

    /// Runs `body` on one of the threads and returns its result; the calling task suspends meanwhile.
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

    /// Stops accepting work; queued work still runs, then the threads exit.
    package func shutdown() {
        queue.stop()
    }
}
