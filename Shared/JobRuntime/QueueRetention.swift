/// How much of a queue Redis keeps, so that its memory stays bounded even when nothing consumes the queue.
///
/// - The job stream is trimmed on every enqueue (`XADD MAXLEN ~ maxLength`): workers trim settled entries
///   long before (``JobWorker``'s trim), so this only bites a queue that no consumer reads, or one whose backlog
///   passed `maxLength` (its oldest jobs are then dropped: size it above any backlog you mean to keep).
/// - The `:dead` stream keeps the newest `maxDeadLetters` (the `dead_letters` table keeps them all, and a letter
///   trimmed from Redis replays from there).
/// - Every state hash of a job that is not completed (waiting, delayed, failed) expires `jobStateRetention`
///   after its last change (a delayed job's after its due time); completed ones after the worker's
///   ``JobWorkerOptions/completedRetention``.
package struct QueueRetention: Sendable, Hashable {
    /// Most entries kept in the job stream (approximately: Redis trims whole nodes).
    package var maxLength: Int
    /// Most dead letters kept in the `:dead` stream (approximately).
    package var maxDeadLetters: Int
    /// How long a job's state hash outlives its last change, unless it completed.
    package var jobStateRetention: Duration

    package init(maxLength: Int, maxDeadLetters: Int, jobStateRetention: Duration) {
        self.maxLength = max(1, maxLength)
        self.maxDeadLetters = max(1, maxDeadLetters)
        self.jobStateRetention = max(.milliseconds(1), jobStateRetention)
    }

    /// A million jobs, 10,000 dead letters, states kept 7 days.
    package static let standard = QueueRetention(
        maxLength: 1_000_000, maxDeadLetters: 10_000, jobStateRetention: .seconds(604_800))

    var stateRetentionMilliseconds: Int { max(1, Int(jobStateRetention / .milliseconds(1))) }
}
