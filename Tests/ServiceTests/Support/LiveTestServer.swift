import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

extension ApplicationProtocol {
    /// Runs the application as its own server on `127.0.0.1` and a free port, with its services, and calls
    /// `body` with that port once it listens; the server and services stop gracefully afterwards.
    func withLiveServer<Value: Sendable>(_ body: @Sendable (Int) async throws -> Value) async throws -> Value {
        let (ports, reportPort) = AsyncStream.makeStream(of: Int.self)
        let server = PortReportingApplication(base: self) { port in
            reportPort.yield(port)
            reportPort.finish()
        }
        return try await withServices(services + [server], logger: logger) {
            var listening = ports.makeAsyncIterator()
            guard let port = await listening.next() else { throw LiveServerFailure() }
            return try await body(port)
        }
    }
}

/// The server stopped before it listened.
struct LiveServerFailure: Error {}

/// `base` on a free loopback port, reporting that port once it listens (what `onServerRunning` sees).
private struct PortReportingApplication<Base: ApplicationProtocol>: ApplicationProtocol {
    typealias Responder = Base.Responder

    let base: Base
    let onPort: @Sendable (Int) -> Void

    var responder: Responder { get async throws { try await base.responder } }
    var server: HTTPServerBuilder { base.server }
    var eventLoopGroup: any EventLoopGroup { base.eventLoopGroup }
    var logger: Logger { base.logger }
    var configuration: ApplicationConfiguration {
        var configuration = base.configuration
        configuration.address = .hostname("127.0.0.1", port: 0)
        return configuration
    }

    func onServerRunning(_ channel: any Channel) async {
        await base.onServerRunning(channel)
        onPort(channel.localAddress?.port ?? 0)
    }
}
