import Dispatch
import Metrics

/// A worker's figures for one queue, through swift-metrics (the Prometheus backend exports them): jobs by
/// outcome (`completed`, `retried`, `dead`, `released` back at shutdown, `timed_out` past their deadline) and
/// handler durations. Labels are the queue name and the outcome only: never a job id or anything from a payload.
struct JobMetrics: Sendable {
    private let completed: Counter
    private let retried: Counter
    private let dead: Counter
    private let released: Counter
    private let timedOut: Counter
    private let duration: Timer

    init(queue: String) {
        func jobs(_ outcome: String) -> Counter {
            Counter(label: "ap_jobs_total", dimensions: [("queue", queue), ("outcome", outcome)])
        }
        completed = jobs("completed")
        retried = jobs("retried")
        dead = jobs("dead")
        released = jobs("released")
        timedOut = jobs("timed_out")
        duration = Timer(
            label: "ap_job_duration_seconds", dimensions: [("queue", queue)], preferredDisplayUnit: .seconds)
    }

    enum Outcome {
        case completed, retried, dead, released, timedOut
    }

    func record(_ outcome: Outcome, startedAt: UInt64) {
        duration.recordNanoseconds(DispatchTime.now().uptimeNanoseconds - startedAt)
        switch outcome {
        case .completed: completed.increment()
        case .retried: retried.increment()
        case .dead: dead.increment()
        case .released: released.increment()
        case .timedOut: timedOut.increment()
        }
    }
}
