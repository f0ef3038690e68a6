import Foundation
import Hummingbird
import Logging

/// A real HTTP/1.1 server on 127.0.0.1 with a port chosen by the kernel, answering with `router`; it stops
/// when the body returns.
struct ProviderStubServer: Sendable {
    let port: Int

    /// `http://127.0.0.1:<port>`, what a provider configuration takes as its base URL.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    static func run<Result: Sendable>(
        router: Router<BasicRequestContext>, _ body: (ProviderStubServer) async throws -> Result
    ) async throws -> Result {
        var logger = Logger(label: "provider-stub")
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
            guard let port = await iterator.next(), port > 0 else { throw ProviderStubFailed() }
            // Cancelling stops the server even while a handler is still sleeping.
            defer { group.cancelAll() }
            return try await body(ProviderStubServer(port: port))
        }
    }
}

struct ProviderStubFailed: Error {}

/// A local TCP port with nothing listening: bound by the kernel, then released.
func closedLocalPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw ProviderStubFailed() }
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
    guard bound else { throw ProviderStubFailed() }
    return Int(UInt16(bigEndian: address.sin_port))
}
