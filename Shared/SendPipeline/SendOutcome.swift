import MessageStore

/// What one handled send delivery did (the job completes in every case; retries are thrown as `JobFailure`).
package enum SendOutcome: Sendable, Hashable {
    /// The provider accepted the message; it is now `sent` with this provider id and its credits committed.
    case sent(providerMessageID: String)
    /// Nothing was sent: the message was already past sending (a redelivered job), or it is not this
    /// sender's to send any more (its session moved to another worker).
    case skipped(MessageStatus)
    /// The message is now `failed` with this code (permanent failure, or the last attempt of a transient
    /// one) and its credit hold released.
    case failed(code: String)
}
