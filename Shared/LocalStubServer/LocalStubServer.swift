import Foundation
import Hummingbird
import Logging

/// A real HTTP/1.1 server on 127.0.0.1 with a port chosen by the kernel, answering with a given router; it
/// stops when the body returns. Tests use it to stand in for third-party APIs (providers, webhooks).
package struct LocalStubServer: Sendable {
    /// The port the kernel chose.
    package let port: Int

    /// `http://127.0.0.1:<port>`, what a provider configuration takes as its base URL.
    package var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `baseURL` followed by `path` (which may carry a query).
    package func url(_ path: String) -> String { baseURL + path }

    /// Runs a server for `router` while `body` runs.
    package static func run<Result: Sendable>(
        router: Router<BasicRequestContext>, _ body: (LocalStubServer) async throws -> Result
    ) async throws -> Result {
        var logger = Logger(label: "stub-server")
        logger.logLevel = .critical
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Unblocks the wait below if the server fails before it is running.
                defer { portContinuation.finish() }
                try await app.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw LocalStubServerFailed() }
            // Cancelling stops the server even while a handler is still sleeping.
            defer { group.cancelAll() }
            return try await body(LocalStubServer(port: port))
        }
    }
}

/// The stub server could not start, or no free port could be found.
package struct LocalStubServerFailed: Error {
    package init() {}
}

/// A local TCP port with nothing listening: bound by the kernel, then released.
package func closedLocalPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw LocalStubServerFailed() }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
        }
    }
    guard bound else { throw LocalStubServerFailed() }
    return Int(UInt16(bigEndian: address.sin_port))
}
