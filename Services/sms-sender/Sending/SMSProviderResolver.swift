import MessageStore

/// Finds the provider that sends one stored message. Injected into ``SMSSendHandler`` so that tests
/// (and other deployments) choose where providers send.
package protocol SMSProviderResolver: Sendable {
    /// The provider for `message`.
    ///
    /// - Throws: ``SMSSenderError`` when the message can never be sent as stored (unknown provider,
    ///   missing or unreadable credentials); any other error is treated as transient.
    func resolve(for message: StoredMessage) async throws -> ResolvedSMSProvider
}

/// A provider ready to send, with what the handler needs around it.
package struct ResolvedSMSProvider: Sendable {
    /// The client to send through.
    package var provider: any SMSProvider
    /// Which provider account sends: the rate-limit bucket is `sms:<provider>:<account>`.
    package var account: String
    /// The sender to use; `nil` keeps the provider's default.
    package var origin: SMSOrigin?

    package init(provider: any SMSProvider, account: String, origin: SMSOrigin? = nil) {
        self.provider = provider
        self.account = account
        self.origin = origin
    }

    /// The rate-limit key: one bucket per provider account.
    package var rateLimitKey: String { "sms:\(provider.name):\(account)" }
}
