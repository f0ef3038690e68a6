/// Where a message is in its life, stored as text in `messages.status` (and `message_events.status`).
package enum MessageStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Accepted and credits held; not yet handed to the job queue (the outbox relay picks it up).
    case pending
    /// Handed to the job queue.
    case queued
    /// The provider accepted it and returned its message id; credits committed.
    case sent
    /// The provider reported delivery to the handset.
    case delivered
    /// The provider reported that delivery did not happen after sending.
    case undelivered
    /// Permanently failed (provider rejection or a callback saying so).
    case failed
    /// Withdrawn before sending.
    case cancelled

    /// No further change is possible.
    package var isFinal: Bool {
        switch self {
        case .delivered, .undelivered, .failed, .cancelled: true
        case .pending, .queued, .sent: false
        }
    }

    package var description: String { rawValue }
}
