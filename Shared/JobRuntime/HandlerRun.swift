import Synchronization

/// One handler run in a task of its own, so that its deadline can give it up at once, even when the handler
/// ignores cancellation (a call stuck in C): the worker loop stops waiting and the run's late outcome is dropped.
final class HandlerRun: Sendable {
    enum Outcome: Sendable {
        case succeeded
        case failed(any Error)
        /// Its deadline passed.
        case timedOut
    }

    private let state = Mutex<(waiter: CheckedContinuation<Outcome, Never>?, outcome: Outcome?)>((nil, nil))

    /// Records the outcome; only the first one counts.
    func finish(_ outcome: Outcome) {
        let waiter = state.withLock { state -> CheckedContinuation<Outcome, Never>? in
            guard state.outcome == nil else { return nil }
            state.outcome = outcome
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: outcome)
    }

    /// Waits for the first outcome.
    func outcome() async -> Outcome {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Outcome? in
                if let outcome = state.outcome { return outcome }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Runs `handler` on `job` in its own task until it finishes or `giveUp` is called (the deadline). Cancelling
    /// the calling task (the shutdown deadline) cancels the handler and still waits for its outcome: a handler
    /// that finished its effect reports it rather than being handed back to run again.
    static func run(
        _ job: Job, handler: @escaping JobHandler, register: (_ giveUp: @escaping @Sendable () -> Void) -> Void
    ) async -> Outcome {
        let run = HandlerRun()
        let task = Task {
            do {
                try await handler(job)
                run.finish(.succeeded)
            } catch {
                run.finish(.failed(error))
            }
        }
        register {
            task.cancel()
            run.finish(.timedOut)
        }
        return await withTaskCancellationHandler {
            await run.outcome()
        } onCancel: {
            task.cancel()
        }
    }
}
