import CHiredis

/// The hiredis context of one connection. Only ever touched from its connection's ``BlockingThread``,
/// which is what makes the unchecked `Sendable` sound.
final class RedisSocket: @unchecked Sendable {
    private let configuration: RedisConfiguration
    private var context: UnsafeMutablePointer<redisContext>?

    init(configuration: RedisConfiguration) {
        self.configuration = configuration
    }

    deinit {
        disconnect()
    }

    var isConnected: Bool { context != nil }

    func disconnect() {
        if let context { redisFree(context) }
        context = nil
    }

    /// Runs the commands as one pipeline: every command is written, then every reply read, in one flush.
    /// Server error replies come back as `.error` values; a broken link throws and drops the context.
    func execute(_ commands: [RedisCommand], blockingFor block: Duration? = nil) throws(RedisError) -> [RESPValue] {
        let context = try connectedContext()
        if let block {
            _ = chiredis_set_timeout(context, (configuration.commandTimeout + block).milliseconds)
        }
        defer {
            if block != nil, let current = self.context {
                _ = chiredis_set_timeout(current, configuration.commandTimeout.milliseconds)
            }
        }
        for command in commands {
            guard append(command, to: context) else {
                throw lost(context, while: "writing \(command.name)")
            }
        }
        var replies: [RESPValue] = []
        replies.reserveCapacity(commands.count)
        for command in commands {
            var reply: UnsafeMutablePointer<redisReply>?
            guard chiredis_get_reply(context, &reply) == REDIS_OK, let reply else {
                throw lost(context, while: "reading the reply to \(command.name)")
            }
            replies.append(RESPValue(reply))
            freeReplyObject(reply)
        }
        return replies
    }

    // MARK: - Connecting

    private func connectedContext() throws(RedisError) -> UnsafeMutablePointer<redisContext> {
        if let context { return context }
        guard
            let fresh = chiredis_connect_timeout(
                configuration.host, Int32(configuration.port),
                configuration.connectTimeout.milliseconds)
        else {
            throw .connectFailed("out of memory allocating a connection")
        }
        if fresh.pointee.err != 0 {
            let why = errorText(fresh)
            redisFree(fresh)
            throw .connectFailed("\(configuration.host):\(configuration.port): \(why)")
        }
        _ = chiredis_set_timeout(fresh, configuration.commandTimeout.milliseconds)
        context = fresh
        do {
            try handshake()
        } catch {
            disconnect()
            throw error.asConnectFailure
        }
        return fresh
    }

    private func handshake() throws(RedisError) {
        var commands: [RedisCommand] = []
        if let password = configuration.password {
            if let username = configuration.username {
                commands.append(RedisCommand("AUTH", username, password))
            } else {
                commands.append(RedisCommand("AUTH", password))
            }
        }
        if configuration.database != 0 {
            commands.append(RedisCommand("SELECT", configuration.database))
        }
        guard !commands.isEmpty else { return }
        for reply in try execute(commands) {
            if case .error(let message) = reply {
                // Never echo the AUTH arguments; the server message itself carries no secret.
                throw .connectFailed("handshake refused: \(message)")
            }
        }
    }

    // MARK: - Helpers

    private func append(_ command: RedisCommand, to context: UnsafeMutablePointer<redisContext>) -> Bool {
        let count = command.lengths.count
        return command.storage.withUnsafeBufferPointer { storage -> Bool in
            // An all-empty command still needs a valid base pointer.
            let base = storage.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(bitPattern: 1)!
            return withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: count) { argv in
                var offset = 0
                for (index, length) in command.lengths.enumerated() {
                    argv[index] = (base + offset).assumingMemoryBound(to: CChar.self)
                    offset += length
                }
                return command.lengths.withUnsafeBufferPointer { lengths in
                    redisAppendCommandArgv(context, Int32(count), argv.baseAddress, lengths.baseAddress) == REDIS_OK
                }
            }
        }
    }

    private func lost(_ context: UnsafeMutablePointer<redisContext>, while doing: String) -> RedisError {
        let why = errorText(context)
        disconnect()
        return .connectionLost("\(why) while \(doing)")
    }

    private func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            let bytes = raw.prefix { $0 != 0 }
            let text = String(decoding: bytes, as: UTF8.self)
            return text.isEmpty ? "I/O error" : text
        }
    }
}

extension RedisError {
    fileprivate var asConnectFailure: RedisError {
        switch self {
        case .connectionLost(let why): .connectFailed(why)
        default: self
        }
    }
}

extension RESPValue {
    /// Copies a hiredis reply tree into Swift values.
    init(_ reply: UnsafeMutablePointer<redisReply>) {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            self = .bulk(node.len == 0 ? [] : Array(UnsafeRawBufferPointer(start: node.str, count: node.len)))
        case REDIS_REPLY_STATUS:
            self = .status(String(decoding: UnsafeRawBufferPointer(start: node.str, count: node.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            self = .error(String(decoding: UnsafeRawBufferPointer(start: node.str, count: node.len), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int(node.integer))
        case REDIS_REPLY_ARRAY:
            var values: [RESPValue] = []
            values.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                if let element = node.element[index] { values.append(RESPValue(element)) } else { values.append(.null) }
            }
            self = .array(values)
        default:
            self = .null
        }
    }
}

extension Duration {
    /// Whole milliseconds, at least 1, for C APIs that take them.
    package var milliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
