/// Redis key names of one queue. Every key carries the queue's hash tag `{q:<name>}` so that a Redis Cluster
/// keeps them in one slot, which the Lua scripts (touching several of them atomically) need.
package struct QueueKeys: Sendable, Hashable {
    /// The queue name, e.g. `sms` or `wa:worker-1`.
    package let queue: String
    /// The key prefix, `ap:` by default.
    package let prefix: String

    package init(queue: String, prefix: String = "ap:") {
        self.queue = queue
        self.prefix = prefix
    }

    /// The job stream, `ap:{q:sms}`.
    package var stream: String { "\(prefix){q:\(queue)}" }
    /// Jobs waiting for a later time (delayed, or retrying after backoff): score = due time in ms.
    package var delayed: String { "\(stream):delayed" }
    /// Dead letters: jobs whose last attempt failed.
    package var dead: String { "\(stream):dead" }
    /// Counters hash (enqueued, completed, failed, retried).
    package var counters: String { "\(stream):counters" }
    /// Prefix of the per-job state hashes.
    package var jobPrefix: String { "\(stream):job:" }
    /// The state hash of one job.
    package func job(_ id: String) -> String { jobPrefix + id }

    /// The consumer group every worker process of the queue joins.
    package static let group = "workers"
}
