import Domain

/// One SMS to submit: who receives it, what it says, and which of our messages it is.
package struct OutboundSMS: Sendable, Hashable {
    /// The destination, already validated as E.164.
    package var recipient: PhoneNumber
    /// The text exactly as it should arrive (providers split it into segments).
    package var text: String
    /// Our own id for this message (idempotency key of the job), used by the sandbox and for logs.
    package var reference: String
    /// Who the message comes from; `nil` uses the provider's configured default.
    package var origin: SMSOrigin?

    package init(recipient: PhoneNumber, text: String, reference: String, origin: SMSOrigin? = nil) {
        self.recipient = recipient
        self.text = text
        self.reference = reference
        self.origin = origin
    }
}
