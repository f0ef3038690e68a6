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
    /// The recipient read it (WhatsApp read receipts); after `delivered`, or instead of it.
    case read
    /// The provider reported that delivery did not happen after sending.
    case undelivered
    /// Permanently failed (provider rejection or a callback saying so).
    case failed
    /// Withdrawn before sending.
    case cancelled

    /// No further change is possible.
    package var isFinal: Bool {
        switch self {
        case .read, .undelivered, .failed, .cancelled: true
        case .pending, .queued, .sent, .delivered: false
        }
    }

    /// The message left the sending stage (sent, or ended without being sent): a sender must not send it.
    package var isPastSending: Bool {
        switch self {
        case .pending, .queued: false
        case .sent, .delivered, .read, .undelivered, .failed, .cancelled: true
        }
    }

    package var description: String { rawValue }
}
