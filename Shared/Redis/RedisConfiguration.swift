/// Where and how to reach Redis: parsed from `redis://[user:password@]host:port/db`, or for a Redis Cluster from
/// `redis+cluster://[user:password@]host:port[,host:port…]` (any few nodes of it; the rest is discovered).
package struct RedisConfiguration: Sendable, CustomStringConvertible {
    package var host: String
    package var port: Int
    /// The nodes named by a `redis+cluster://` URL (the first is `host`:`port`); empty for a single server.
    package var clusterSeeds: [RedisNodeAddress] = []
    package var database: Int
    package var username: String?
    package var password: String?
    /// Limit for establishing the TCP connection.
    package var connectTimeout: Duration
    /// Socket read/write limit for one command (blocking commands add their own block time to it).
    package var commandTimeout: Duration
    /// Connections kept by a ``RedisPool``.
    package var poolSize: Int
    /// How long a ``RedisPool`` caller waits for a free connection before ``RedisError/poolTimeout(_:)``.
    package var acquireTimeout: Duration = .seconds(10)
    /// After a connection problem, a ``RedisPool`` refuses commands at once for this long instead of letting
    /// each caller wait out its own timeout (request paths that must answer quickly); nil: never.
    package var failFastWindow: Duration?

    package init(
        host: String = "127.0.0.1", port: Int = 6379, database: Int = 0, username: String? = nil,
        password: String? = nil, connectTimeout: Duration = .seconds(5), commandTimeout: Duration = .seconds(5),
        poolSize: Int = 8
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.password = password
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.poolSize = poolSize
    }

    /// Whether this names a Redis Cluster (`redis+cluster://`).
    package var isCluster: Bool { !clusterSeeds.isEmpty }

    /// Parses `redis://[user:password@]host[:port][/db]` or `redis+cluster://[user:password@]host[:port][,…]`;
    /// the error never repeats the password.
    package init(url: String, poolSize: Int = 8) throws(RedisError) {
        let cluster = url.hasPrefix(Self.clusterScheme)
        guard url.hasPrefix("redis://") || cluster else {
            throw .invalidConfiguration("the Redis URL must start with redis:// or redis+cluster://")
        }
        var rest = Substring(url.dropFirst(cluster ? Self.clusterScheme.count : "redis://".count))
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = credentials[..<colon]
                username = user.isEmpty ? nil : String(user).removingPercentEncodingOrSelf
                password = String(credentials[credentials.index(after: colon)...]).removingPercentEncodingOrSelf
            } else if !credentials.isEmpty {
                password = String(credentials).removingPercentEncodingOrSelf
            }
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...].prefix { $0 != "?" }
            rest = rest[..<slash]
            if !path.isEmpty {
                guard let db = Int(path), db >= 0 else {
                    throw .invalidConfiguration("the Redis URL database must be a non-negative number")
                }
                database = db
            }
        }
        var nodes: [RedisNodeAddress] = []
        for part in rest.split(separator: ",", omittingEmptySubsequences: false) {
            nodes.append(try RedisNodeAddress(parsing: part))
        }
        if cluster && database != 0 {
            throw .invalidConfiguration("a Redis Cluster has only database 0")
        }
        if !cluster && nodes.count != 1 {
            throw .invalidConfiguration("a redis:// URL names one server (use redis+cluster:// for several nodes)")
        }
        self.init(
            host: nodes[0].host, port: nodes[0].port, database: database, username: username, password: password,
            poolSize: poolSize)
        if cluster { clusterSeeds = nodes }
    }

    static let clusterScheme = "redis+cluster://"

    /// The URL with the password replaced, safe for logs.
    package var description: String {
        let credentials = password == nil ? "" : "\(username ?? ""):***@"
        if isCluster {
            return Self.clusterScheme + credentials + clusterSeeds.map(\.description).joined(separator: ",")
        }
        return "redis://\(credentials)\(host):\(port)/\(database)"
    }

    /// The same settings for one node of a cluster (its connections talk to that node alone).
    package func node(_ address: RedisNodeAddress) -> RedisConfiguration {
        var node = self
        node.host = address.host
        node.port = address.port
        node.clusterSeeds = []
        return node
    }
}

extension String {
    /// Percent-decoding for URL user info, without Foundation's URL parser (which rejects some passwords).
    fileprivate var removingPercentEncodingOrSelf: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
