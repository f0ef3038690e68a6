import Synchronization

/// Set by the calling task's cancellation handler, polled by libcurl's progress callback on the worker thread.
final class TransferCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    init() {}

    func cancel() {
        flag.store(true, ordering: .relaxed)
    }

    var isCancelled: Bool {
        flag.load(ordering: .relaxed)
    }
}
