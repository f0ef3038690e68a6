/// Where a job is in its life.
package enum JobState: String, Sendable, Codable, CaseIterable {
    /// In the stream, not yet delivered.
    case waiting
    /// Delivered to a consumer and not yet settled.
    case active
    /// Due later: scheduled, or waiting out a retry backoff.
    case delayed
    /// Done.
    case completed
    /// Dead-lettered after its last attempt (or a permanent failure).
    case failed
    /// No trace: never enqueued, or completed longer ago than the retention.
    case unknown
}

/// The state of one job and what is known about it.
package struct JobStatus: Sendable, Equatable, Codable {
    package var id: String
    package var state: JobState
    package var name: String?
    /// The attempt being made or last made.
    package var attempt: Int?
    package var maxAttempts: Int?
    /// The last failure's reason, if any.
    package var lastError: String?
    /// When the state last changed (Unix ms), when known.
    package var updatedAt: Int64?
}

/// Queue counts at one instant.
package struct QueueStats: Sendable, Equatable, Codable {
    package var queue: String
    package var waiting: Int
    package var active: Int
    package var delayed: Int
    /// Cumulative.
    package var completed: Int
    /// Cumulative terminal failures (each one also became a dead letter).
    package var failed: Int
    /// Dead letters currently kept (not replayed).
    package var dead: Int
    /// Cumulative retries scheduled.
    package var retried: Int
    /// Cumulative jobs accepted.
    package var enqueued: Int
}
