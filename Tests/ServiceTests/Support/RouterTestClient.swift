import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import ServiceLifecycle
import Synchronization

// Requests sent straight to an application's responder, without a socket. This replaces
// HummingbirdTesting's `.router` mode: that product depends on AsyncHTTPClient and NIOSSL, which doubled
// the package's build (BoringSSL's C sources alone take minutes on 2 cores), and the tests need none of it.

/// A response as a test reads it.
struct TestResponse: Sendable {
    let head: HTTPResponse
    var status: HTTPResponse.Status { head.status }
    var headers: HTTPFields { head.headerFields }
    let body: ByteBuffer
    let trailerHeaders: HTTPFields?
}

/// Something that answers requests: the router client here, or a wrapper around one.
protocol TestClientProtocol: Sendable {
    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?)
        async throws -> TestResponse
}

extension TestClientProtocol {
    /// Sends the request and hands the response to `testCallback` (by default, returns it).
    @discardableResult
    func execute<Return>(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        testCallback: @escaping (TestResponse) async throws -> Return = { $0 }
    ) async throws -> Return {
        let response = try await executeRequest(uri: uri, method: method, headers: headers, body: body)
        return try await testCallback(response)
    }
}

/// How a test reaches the application. Only the in-process router is needed; live servers are tested with
/// raw sockets (``withLiveServer(_:)``).
enum RouterTestMode {
    case router
}

extension ApplicationProtocol {
    /// Runs the application's services (as its server would), then `test` with a client that calls the
    /// responder directly; the services are shut down gracefully afterwards, also when `test` throws.
    func test<Value: Sendable>(
        _ mode: RouterTestMode, _ test: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let client = RouterClient(responder: try await responder, logger: logger)
        return try await withServices(services, logger: logger) {
            for process in processesRunBeforeServerStart { try await process() }
            return try await test(client)
        }
    }
}

/// Runs `services` in a service group around `body`, which starts once the group is running.
func withServices<Value: Sendable>(
    _ services: [any Service], logger: Logger, _ body: () async throws -> Value
) async throws -> Value {
    guard !services.isEmpty else { return try await body() }
    let (started, signal) = AsyncStream.makeStream(of: Void.self)
    let group = ServiceGroup(
        configuration: .init(services: services + [StartSignal(signal: signal)], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        // Without this wait a quick test could trigger shutdown before the group ran its services.
        for await _ in started { break }
        do {
            let value = try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return value
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}

/// Finishes `signal` once the service group runs its services, then waits for shutdown.
private struct StartSignal: Service {
    let signal: AsyncStream<Void>.Continuation
    func run() async throws {
        signal.finish()
        try? await gracefulShutdown()
    }
}

/// Builds each request as the server would (head, a collected body, a context over an embedded channel) and
/// collects the response body.
private struct RouterClient<Responder: HTTPResponder>: TestClientProtocol
where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    let responder: Responder
    let logger: Logger

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?)
        async throws -> TestResponse
    {
        var headers = headers
        if let body { headers[.contentLength] = String(body.readableBytes) }
        let request = Request(
            head: .init(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
            body: RequestBody(buffer: body ?? ByteBuffer()))
        let context = Responder.Context(source: .init(channel: NIOAsyncTestingChannel(), logger: logger))
        let response: Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch {
            response = Response(status: .internalServerError)
        }
        let collector = BodyCollector()
        try await response.body.write(collector)
        let (collected, trailers) = collector.storage.result
        return TestResponse(head: response.head, body: collected, trailerHeaders: trailers)
    }
}

/// A response body writer that keeps what is written, in storage the caller reads once the body finished.
private struct BodyCollector: ResponseBodyWriter {
    final class Storage: Sendable {
        let state = Mutex<(body: ByteBuffer, trailers: HTTPFields?)>((ByteBuffer(), nil))
        var result: (ByteBuffer, HTTPFields?) { state.withLock { ($0.body, $0.trailers) } }
    }

    let storage = Storage()

    func write(_ buffer: ByteBuffer) async throws { storage.state.withLock { $0.body.writeImmutableBuffer(buffer) } }

    func finish(_ trailingHeaders: HTTPFields?) async throws {
        storage.state.withLock { $0.trailers = trailingHeaders }
    }
}
