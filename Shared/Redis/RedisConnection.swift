import BlockingIO
import Logging

/// One Redis connection with its own OS thread for hiredis' blocking calls.
///
/// Commands are serialised on that thread. After an I/O error the link is dropped and re-established on the
/// next command, so a Redis restart costs the callers one ``RedisError/connectionLost(_:)`` each, not a restart.
package final class RedisConnection: RedisClient {
    package let configuration: RedisConfiguration
    private let thread: BlockingThread
    private let socket: RedisSocket

    package init(configuration: RedisConfiguration, name: String = "redis") {
        self.configuration = configuration
        self.thread = BlockingThread(name: name)
        self.socket = RedisSocket(configuration: configuration)
    }

    deinit {
        let socket = self.socket
        thread.submit { socket.disconnect() }
        thread.shutdown()
    }

    /// Sends commands in one round trip. Per-command server errors are returned as `.error` values.
    @discardableResult
    package func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue] {
        try await onThread { socket in try socket.execute(commands) }
    }

    /// Runs commands that may block on the server (XREADGROUP BLOCK, BLPOP...) for up to `block`; the socket
    /// timeout is stretched by that much for this call only.
    package func pipeline(_ commands: [RedisCommand], blockingFor block: Duration) async throws(RedisError)
        -> [RESPValue]
    {
        try await onThread { socket in try socket.execute(commands, blockingFor: block) }
    }

    /// Closes the link now (it reopens on the next command).
    package func disconnect() async {
        _ = try? await onThread { socket in socket.disconnect() }
    }

    /// Whether the link is currently open (for tests and diagnostics).
    package var isConnected: Bool {
        get async { (try? await onThread { socket in socket.isConnected }) ?? false }
    }

    private func onThread<T: Sendable>(_ body: @escaping @Sendable (RedisSocket) throws -> T) async throws(RedisError)
        -> T
    {
        let socket = self.socket
        do {
            return try await thread.run { try body(socket) }
        } catch let error as RedisError {
            throw error
        } catch {
            throw .closed
        }
    }
}
