import MessageStore

extension StoredMessage {
    /// Whether `request`, which came with this message's `Idempotency-Key`, asks for this message again (200,
    /// `Idempotent-Replayed: true`) rather than for another one (422 `idempotency-key-reused`): the same
    /// ``RequestFingerprint``, so the same route and the same fields after normalisation.
    ///
    /// A message accepted before fingerprints were kept has none; its replay is compared on what the row
    /// keeps: channel, recipient, body and session.
    func isReplay(of request: NewMessage) -> Bool {
        guard let requestFingerprint else {
            return channel == request.channel && recipient == request.recipient && body == request.body
                && sessionID == request.sessionID
        }
        return requestFingerprint == request.requestFingerprint
    }
}
