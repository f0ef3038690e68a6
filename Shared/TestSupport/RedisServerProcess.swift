import Foundation

/// A private `redis-server` that a test starts, kills and restarts (the shared test Redis must not be
/// disturbed). Data lives in a temporary folder with AOF `appendfsync always`, so every acknowledged write
/// survives a SIGKILL.
package final class RedisServerProcess: @unchecked Sendable {
    package let port: Int
    package let directory: URL
    /// Extra `redis-server` options (e.g. `--cluster-enabled yes`), kept for restarts.
    private let extraArguments: [String]
    private var process: ChildProcess?

    /// Starts a server on a free port, with `extraArguments` after the defaults.
    package init(extraArguments: [String] = []) throws {
        self.extraArguments = extraArguments
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ap-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var lastError: (any Error)?
        for _ in 0..<20 {
            let candidate = Int.random(in: 20_000...45_000)
            do {
                let launched = try Self.launch(port: candidate, directory: directory, extraArguments: extraArguments)
                process = launched
                port = candidate
                return
            } catch {
                lastError = error
            }
        }
        throw lastError ?? TestSupportError("no free port for redis-server")
    }

    deinit {
        process?.signal(SIGKILL)
        process?.waitForExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// `redis://127.0.0.1:<port>/0`
    package var url: String { "redis://127.0.0.1:\(port)/0" }

    /// Kills the server with SIGKILL (no shutdown save; only the AOF survives).
    package func kill() {
        guard let process else { return }
        process.signal(SIGKILL)
        process.waitForExit()
        self.process = nil
    }

    /// Starts the server again on the same port and data folder.
    package func restart() throws {
        guard process == nil else { return }
        process = try Self.launch(port: port, directory: directory, extraArguments: extraArguments)
    }

    private static func launch(port: Int, directory: URL, extraArguments: [String]) throws -> ChildProcess {
        let process = try ChildProcess(
            executable: TestEnvironment.redisServerBinary,
            arguments: [
                "--bind", "127.0.0.1", "--port", "\(port)", "--save", "", "--appendonly", "yes",
                "--appendfsync", "always", "--dir", directory.path, "--logfile",
                directory.appendingPathComponent("redis.log").path,
            ] + extraArguments)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if !process.isRunning { throw TestSupportError("redis-server exited (port \(port) busy?)") }
            // A restarted server accepts connections while it still loads its AOF and answers -LOADING.
            if TCPProbe.redisAnswersPing(port: port) { return process }
            usleep(20_000)
        }
        process.signal(SIGKILL)
        throw TestSupportError("redis-server did not start on port \(port)")
    }
}

/// A plain error for test fixtures.
package struct TestSupportError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

/// Raw loopback probes, for fixtures that must not depend on the code under test.
package enum TCPProbe {
    /// Whether something listens on a loopback port.
    package static func canConnect(port: Int) -> Bool {
        guard let fd = connectedSocket(port: port) else { return false }
        close(fd)
        return true
    }

    /// Whether a Redis server on the port answers `PING` with `+PONG` (not `-LOADING`).
    package static func redisAnswersPing(port: Int) -> Bool {
        guard let fd = connectedSocket(port: port) else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let ping = Array("PING\r\n".utf8)
        guard send(fd, ping, ping.count, 0) == ping.count else { return false }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 && String(decoding: buffer.prefix(count), as: UTF8.self).hasPrefix("+PONG")
    }

    private static func connectedSocket(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        if connected { return fd }
        close(fd)
        return nil
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
package func eventually(
    timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(20),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}
