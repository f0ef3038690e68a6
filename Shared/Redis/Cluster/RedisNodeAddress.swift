/// `host:port` of one Redis server (a cluster node).
package struct RedisNodeAddress: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host[:port]` (port 6379 when absent).
    init(parsing text: Substring) throws(RedisError) {
        var host = String(text)
        var port = 6379
        if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            guard let parsed = Int(text[text.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw .invalidConfiguration("the Redis URL port must be a number from 1 to 65535")
            }
            port = parsed
        }
        guard !host.isEmpty else { throw .invalidConfiguration("the Redis URL has no host") }
        self.init(host: host, port: port)
    }

    /// Parses the `host:port` of a `-MOVED` / `-ASK` redirection (`host` may be empty: the node that answered).
    init?(redirection text: Substring, default fallback: RedisNodeAddress) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else {
            return nil
        }
        let host = text[..<colon]
        self.init(host: host.isEmpty ? fallback.host : String(host), port: port)
    }

    package var description: String { "\(host):\(port)" }
}
