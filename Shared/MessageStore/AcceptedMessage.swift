/// The result of ``MessageRepository/accept(_:)``.
package struct AcceptedMessage: Sendable, Hashable {
    /// The stored message: the new one, or the one an earlier request with the same key created.
    package let message: StoredMessage
    /// True when an earlier request with the same idempotency key had already created `message`
    /// (nothing new was stored or held).
    package let isReplay: Bool

    package init(message: StoredMessage, isReplay: Bool) {
        self.message = message
        self.isReplay = isReplay
    }
}
