/// What recording an inbound message did.
package enum InboundRecord: Sendable, Equatable {
    /// Stored for the first time; `optOut` when it was an opt-out keyword.
    case recorded(InboundMessage, optOut: OptOutOutcome?)
    /// Already stored (the provider delivered it again): nothing changed.
    case duplicate
}

/// An opt-out reply's effect: the number's entry on the do-not-contact list (false when it was listed
/// already) and the messages to it that were still unsent and are now failed with their holds released.
package struct OptOutOutcome: Sendable, Equatable {
    package var newlyBlocked: Bool
    package var failed: [StoredMessage]

    package init(newlyBlocked: Bool, failed: [StoredMessage]) {
        self.newlyBlocked = newlyBlocked
        self.failed = failed
    }
}
