/// One queue as an account sees it (`GET /api/queues/stats`): its own messages on that channel by
/// status, and its dead letters. Other accounts' work is not counted.
///
/// ```json
/// {"queue":"sms","waiting":3,"scheduled":1,"sent":10,"delivered":40,"undelivered":1,"failed":2,"cancelled":0,
///  "deadLetters":0}
/// ```
struct AccountQueueStats: Codable, Sendable {
    var queue: String
    /// Accepted, due, not yet sent (`pending` or `queued`).
    var waiting = 0
    /// Accepted for a later `scheduledAt`.
    var scheduled = 0
    var sent = 0
    var delivered = 0
    var undelivered = 0
    var failed = 0
    var cancelled = 0
    /// The account's jobs in the queue's dead letters (replayable).
    var deadLetters = 0
}
