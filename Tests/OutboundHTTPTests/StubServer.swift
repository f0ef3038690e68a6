import Hummingbird
import LocalStubServer

/// The stub server of these tests: a ``LocalStubServer`` speaking ``StubRoutes``.
typealias StubServer = LocalStubServer

extension LocalStubServer {
    static func run<Result: Sendable>(_ body: (LocalStubServer) async throws -> Result) async throws -> Result {
        try await run(router: StubRoutes.router(), body)
    }
}
