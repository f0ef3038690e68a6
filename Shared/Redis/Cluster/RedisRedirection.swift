/// A cluster's answer that the command must run elsewhere: `-MOVED <slot> <host:port>` (the slot has a new
/// owner for good) or `-ASK <slot> <host:port>` (this one key is being migrated: ask there once, after ASKING).
package struct RedisRedirection: Sendable, Equatable {
    package enum Kind: Sendable, Equatable { case moved, ask }

    package let kind: Kind
    package let slot: Int
    package let node: RedisNodeAddress

    /// Parses a redirection from an error reply; nil for any other reply.
    package init?(_ reply: RESPValue, answeredBy fallback: RedisNodeAddress) {
        guard case .error(let message) = reply else { return nil }
        let words = message.split(separator: " ")
        guard words.count == 3, let slot = Int(words[1]),
            let node = RedisNodeAddress(redirection: words[2], default: fallback)
        else { return nil }
        switch words[0] {
        case "MOVED": kind = .moved
        case "ASK": kind = .ask
        default: return nil
        }
        self.slot = slot
        self.node = node
    }
}
