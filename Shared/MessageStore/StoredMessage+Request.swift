extension StoredMessage {
    /// Whether `request` asks for this same message (channel, recipient, body). A repeated
    /// `Idempotency-Key` with different content is a client error the API can refuse (422) instead of
    /// silently answering with the first message.
    package func isSameRequest(as request: NewMessage) -> Bool {
        accountID == request.accountID && channel == request.channel && recipient == request.recipient
            && body == request.body
    }
}
