import Foundation
import Logging
import ServiceLifecycle
import ServiceRuntime
import Synchronization
import Testing

@Suite struct ServiceRunnerTests {
    /// Records the runner's hard-exit calls instead of ending the test process.
    final class ExitRecorder: Sendable {
        private let codes = Mutex<[ExitCode]>([])
        var recorded: [ExitCode] { codes.withLock { $0 } }
        var action: @Sendable (ExitCode) -> Void { { code in self.codes.withLock { $0.append(code) } } }
    }

    /// Ignores graceful shutdown until the test opens its gate, like a worker stuck in a job.
    struct StubbornService: Service {
        let gate: Gate
        func run() async throws { await gate.wait() }
    }

    struct FailingService: Service {
        struct Failure: Error {}
        func run() async throws { throw Failure() }
    }

    struct ReturningService: Service {
        func run() async throws {}
    }

    private let capture = LogCapture()

    private func runner(_ services: [any Service], grace: Duration, exits: ExitRecorder) -> ServiceRunner {
        ServiceRunner(
            services: services, shutdownGrace: grace, logger: capture.logger(), signals: [], hardExit: exits.action)
    }

    @Test func aRequestedShutdownStopsIdleServicesAndSucceeds() async throws {
        let exits = ExitRecorder()
        let runner = runner([IdleService(name: "a"), IdleService(name: "b")], grace: .seconds(5), exits: exits)
        async let code = runner.run()
        try await Task.sleep(for: .milliseconds(100))
        runner.requestShutdown(reason: "test")
        #expect(await code == .success)
        #expect(exits.recorded.isEmpty)
    }

    @Test func aShutdownRequestedBeforeTheGroupStartsIsHonoured() async {
        let exits = ExitRecorder()
        let runner = runner([IdleService(name: "a")], grace: .seconds(5), exits: exits)
        runner.requestShutdown(reason: "early")
        #expect(await runner.run() == .success)
    }

    @Test func theDeadlineEndsAShutdownThatTakesTooLong() async throws {
        let exits = ExitRecorder()
        let gate = Gate()
        // A grace period long enough that a busy machine cannot overshoot it before the first check.
        let runner = runner([StubbornService(gate: gate)], grace: .seconds(2), exits: exits)
        async let code = runner.run()
        try await Task.sleep(for: .milliseconds(100))
        runner.requestShutdown(reason: "test")
        try await Task.sleep(for: .milliseconds(100))
        #expect(exits.recorded.isEmpty)  // still within the grace period
        let deadline = ContinuousClock.now + .seconds(10)
        while exits.recorded.isEmpty && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(exits.recorded == [.shutdownTimedOut])
        let logged = try capture.objects().map { $0["message"] as? String }
        #expect(logged.contains("Graceful shutdown exceeded its deadline"))
        gate.open()  // a real process would be gone; here let the runner finish
        _ = await code
    }

    @Test func aSecondRequestForcesTheExit() async throws {
        let exits = ExitRecorder()
        let gate = Gate()
        let runner = runner([StubbornService(gate: gate)], grace: .seconds(30), exits: exits)
        async let code = runner.run()
        try await Task.sleep(for: .milliseconds(100))
        runner.requestShutdown(reason: "first")
        runner.requestShutdown(reason: "second")
        #expect(exits.recorded == [.shutdownTimedOut])
        gate.open()
        _ = await code
    }

    @Test func aFailingServiceMakesTheRunFail() async {
        let exits = ExitRecorder()
        let code = await runner([IdleService(name: "a"), FailingService()], grace: .seconds(5), exits: exits).run()
        #expect(code == .failure)
        #expect(exits.recorded.isEmpty)
    }

    @Test func aServiceStoppingUnaskedMakesTheRunFail() async {
        let exits = ExitRecorder()
        let code = await runner([IdleService(name: "a"), ReturningService()], grace: .seconds(5), exits: exits).run()
        #expect(code == .failure)
    }

    @Test func theHealthServerAnswersOnAnEphemeralPort() async throws {
        let exits = ExitRecorder()
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let server = HealthServer(
            configuration: HealthConfiguration(host: "127.0.0.1", port: 0), service: "unit",
            checks: [ReadinessCheck("always") {}], logger: capture.logger(),
            onListening: { portContinuation.yield($0) }
        )
        let runner = runner([server, IdleService(name: "work")], grace: .seconds(5), exits: exits)
        async let code = runner.run()
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        #expect(port > 0)
        let health = try await HTTPProbe.get(port: port, path: "/health")
        #expect(health.status == 200)
        #expect(try health.json()["service"] as? String == "unit")
        let ready = try await HTTPProbe.get(port: port, path: "/ready")
        #expect(ready.status == 200)
        let logged = try capture.objects().first { $0["message"] as? String == "Health server listening" }
        #expect((logged?["health.port"] as? NSNumber)?.intValue == port)
        runner.requestShutdown(reason: "test")
        #expect(await code == .success)
    }
}
