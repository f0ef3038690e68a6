/// The forward-only rules for status changes, as a pure function so they test without a database.
///
/// ```
/// pending → queued | sent | failed | cancelled
/// queued  → sent | failed | cancelled
/// sent    → delivered | read | undelivered | failed
/// delivered → read
/// ```
/// Final states never change. A request for a state the message has already reached (or passed on the
/// success path, such as "sent" for a delivered message) is a no-op, so retried jobs and late callbacks
/// are harmless; anything else (a sent message back to pending, a failed one to sent) is refused.
package struct MessageTransition: Sendable, Hashable {
    /// What applying a requested status to the current one does.
    package enum Decision: Sendable, Hashable {
        /// Write the new status and a history row.
        case apply
        /// Nothing to write: the message is already there or further along.
        case unchanged
        /// The change would go backwards or leave a final state.
        case rejected
    }

    package let from: MessageStatus
    package let to: MessageStatus

    package init(from: MessageStatus, to: MessageStatus) {
        self.from = from
        self.to = to
    }

    package var decision: Decision {
        if from == to { return .unchanged }
        if Self.allowed(from: from).contains(to) { return .apply }
        if let current = Self.successPath(from), let requested = Self.successPath(to), requested < current {
            return .unchanged
        }
        return .rejected
    }

    private static func allowed(from status: MessageStatus) -> Set<MessageStatus> {
        switch status {
        case .pending: [.queued, .sent, .failed, .cancelled]
        case .queued: [.sent, .failed, .cancelled]
        case .sent: [.delivered, .read, .undelivered, .failed]
        case .delivered: [.read]
        case .read, .undelivered, .failed, .cancelled: []
        }
    }

    /// Position on the path pending → queued → sent → delivered/undelivered; nil off that path.
    private static func successPath(_ status: MessageStatus) -> Int? {
        switch status {
        case .pending: 0
        case .queued: 1
        case .sent: 2
        case .delivered, .undelivered: 3
        case .read: 4
        case .failed, .cancelled: nil
        }
    }
}
