/// Anything that runs Redis commands: one ``RedisConnection`` or a ``RedisPool``. The conveniences below are
/// written once against ``pipeline(_:)``.
package protocol RedisClient: Sendable {
    /// Sends commands in one round trip; per-command server errors come back as `.error` values.
    @discardableResult
    func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue]
}

extension RedisClient {
    /// Sends one command and returns its reply; a server error reply is thrown as ``RedisError/server(_:)``.
    @discardableResult
    package func send(_ command: RedisCommand) async throws(RedisError) -> RESPValue {
        try await pipeline([command])[0].orThrow()
    }

    /// Sends one command built from arguments.
    @discardableResult
    package func send(_ arguments: any RedisArgument...) async throws(RedisError) -> RESPValue {
        try await send(RedisCommand(arguments))
    }

    /// `PING`, for readiness checks.
    package func ping() async throws(RedisError) {
        let reply = try await send("PING")
        guard reply.string == "PONG" else { throw .unexpectedReply("PING answered something else than PONG") }
    }
}
