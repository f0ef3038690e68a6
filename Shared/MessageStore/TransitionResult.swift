/// What a status-changing call did.
package struct TransitionResult: Sendable, Hashable {
    /// The message after the call.
    package let message: StoredMessage
    /// False when the message already had (or had passed) the requested status: nothing was written.
    package let changed: Bool
}
