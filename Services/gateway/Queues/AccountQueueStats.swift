/// One queue as an account sees it (`GET /api/queues/stats`): its own messages on that channel by
/// status, and its dead letters. Other accounts' work is not counted.
///
/// ```json
/// {"queue":"sms","waiting":3,"scheduled":1,"sent":10,"delivered":40,"undelivered":1,"failed":2,"cancelled":0,
///  "deadLetters":0}
/// ```
package struct AccountQueueStats: Codable, Sendable, Equatable {
    package var queue: String
    /// Accepted, due, not yet sent (`pending` or `queued`).
    package var waiting = 0
    /// Accepted for a later `scheduledAt`.
    package var scheduled = 0
    package var sent = 0
    package var delivered = 0
    package var undelivered = 0
    package var failed = 0
    package var cancelled = 0
    /// The account's jobs in the queue's dead letters (replayable).
    package var deadLetters = 0

    /// Empty counts for `queue`.
    package init(queue: String) {
        self.queue = queue
    }
}
