import MessageStore

/// What one handled `sms.send` delivery did (the job completes in every case; retries are thrown as
/// `JobFailure`).
package enum SMSSendOutcome: Sendable, Hashable {
    /// The provider accepted the message; it is now `sent` with this provider id and its credits committed.
    case sent(providerMessageID: String)
    /// The message was already past sending (a redelivered job): nothing was sent.
    case skipped(MessageStatus)
    /// The message is now `failed` with this code (permanent failure, or the last attempt of a transient
    /// one) and its credit hold released.
    case failed(code: String)
}
