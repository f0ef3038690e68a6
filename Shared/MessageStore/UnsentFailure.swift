/// Why the platform, not a provider, failed a message that was never sent. The raw value is the message's
/// `provider_error_code` (and the `providerCode` of its `message.status` event).
package enum UnsentFailure: String, Sendable, Hashable, CaseIterable {
    /// Its WhatsApp session was deleted (`DELETE /api/sessions/{id}`).
    case sessionDeleted = "session_deleted"
    /// It waited longer than the message expiry (`AP_MESSAGE_EXPIRY_SECONDS`) without being sent.
    case expired
    /// Its send job was dead-lettered (last attempt failed, or it stalled too often).
    case deadLettered = "dead_lettered"
    /// Its recipient was put on the do-not-contact list (an opt-out reply, the API) before it was sent.
    case recipientBlocked = "recipient_blocked"

    /// The message's `provider_error_message`: fixed text, never a number or a body.
    package var explanation: String {
        switch self {
        case .sessionDeleted: "the WhatsApp session was deleted before the message was sent"
        case .expired: "the message expired before it could be sent"
        case .deadLettered: "the send job was dead-lettered"
        case .recipientBlocked: "the recipient was put on the do-not-contact list before the message was sent"
        }
    }
}
