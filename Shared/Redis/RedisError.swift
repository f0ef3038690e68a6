/// Everything that can go wrong talking to Redis. Descriptions never include command arguments (they may
/// carry message bodies or phone numbers) nor passwords.
package enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL or options are unusable.
    case invalidConfiguration(String)
    /// No connection could be made (server down, refused, connect timeout).
    case connectFailed(String)
    /// The connection broke during a command (I/O error, timeout, server closed it). The command may or
    /// may not have run; the connection is re-established on next use.
    case connectionLost(String)
    /// The server answered with an error reply (`-ERR ...`, `-NOSCRIPT ...`, `-BUSYGROUP ...`).
    case server(String)
    /// A reply did not have the shape the caller expected.
    case unexpectedReply(String)
    /// The pool or connection has been closed.
    case closed
    /// Every pooled connection stayed busy for the pool's acquisition timeout; nothing was sent.
    case poolTimeout(String)

    package var description: String {
        switch self {
        case .invalidConfiguration(let why): "invalid Redis configuration: \(why)"
        case .connectFailed(let why): "cannot connect to Redis: \(why)"
        case .connectionLost(let why): "Redis connection lost: \(why)"
        case .server(let message): "Redis error: \(message)"
        case .unexpectedReply(let what): "unexpected Redis reply: \(what)"
        case .closed: "the Redis client is closed"
        case .poolTimeout(let why): "no Redis connection free: \(why)"
        }
    }

    /// True when retrying later may succeed (the server was unreachable or the link dropped).
    package var isConnectionProblem: Bool {
        switch self {
        case .connectFailed, .connectionLost, .poolTimeout: true
        default: false
        }
    }

    /// The first word of a server error (`NOSCRIPT`, `BUSYGROUP`, `WRONGTYPE`...), if this is one.
    package var serverErrorCode: String? {
        guard case .server(let message) = self else { return nil }
        return message.split(separator: " ", maxSplits: 1).first.map(String.init)
    }
}
