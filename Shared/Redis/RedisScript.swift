import Synchronization

/// A Lua script run with EVALSHA. The SHA1 comes from `SCRIPT LOAD` the first time and is remembered; a
/// `NOSCRIPT` answer (Redis restarted or `SCRIPT FLUSH`) reloads it and retries once.
package final class RedisScript: Sendable {
    /// The Lua source.
    package let source: String
    /// A short name for logs and errors.
    package let name: String
    private let sha: Mutex<String?> = Mutex(nil)

    package init(name: String, source: String) {
        self.name = name
        self.source = source
    }

    /// The SHA1 known so far, if the script was loaded.
    package var loadedSHA: String? { sha.withLock { $0 } }

    func remember(_ value: String) { sha.withLock { $0 = value } }

    /// The EVALSHA command for this script, or nil when it has not been loaded yet.
    package func evalshaCommand(keys: [String], arguments: [any RedisArgument]) -> RedisCommand? {
        guard let sha = loadedSHA else { return nil }
        var command = RedisCommand("EVALSHA", sha, keys.count)
        for key in keys { command.append(key) }
        for argument in arguments { command.append(any: argument) }
        return command
    }
}

extension RedisClient {
    /// Loads `script` into the server's script cache and remembers its SHA1.
    package func load(_ script: RedisScript) async throws(RedisError) {
        let reply = try await send("SCRIPT", "LOAD", script.source)
        guard let sha = reply.string else { throw .unexpectedReply("SCRIPT LOAD of \(script.name) returned no SHA1") }
        script.remember(sha)
    }

    /// Runs `script` with EVALSHA, loading it on first use and after `NOSCRIPT`.
    @discardableResult
    package func evaluate(_ script: RedisScript, keys: [String], arguments: [any RedisArgument])
        async throws(RedisError) -> RESPValue
    {
        if script.loadedSHA == nil { try await load(script) }
        for attempt in 0..<2 {
            guard let command = script.evalshaCommand(keys: keys, arguments: arguments) else { break }
            let reply = try await pipeline([command])[0]
            if case .error(let message) = reply, message.hasPrefix("NOSCRIPT"), attempt == 0 {
                try await load(script)
                continue
            }
            return try reply.orThrow()
        }
        throw .server("NOSCRIPT \(script.name) could not be loaded")
    }
}
