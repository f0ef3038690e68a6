import Foundation
import Gateway
import Hummingbird
import Logging
import ServiceRuntime
import Testing

@Suite struct GatewayRouterTests {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    struct InternalFailure: Error, CustomStringConvertible {
        var description: String { "pool exhausted at 10.1.2.3 with password s3cr3t" }
    }

    private let capture = LogCapture()

    /// The gateway with stand-in readiness checks; its stores are never reached by these routes.
    private func application(checks: [ReadinessCheck] = []) throws -> some ApplicationProtocol {
        buildApplication(
            configuration: try Self.configuration(), stores: try TestStores.unconnected(), readinessChecks: checks,
            logger: capture.logger())
    }

    static func configuration() throws -> GatewayConfiguration {
        try EnvironmentConfiguration.load(environment: EnvironmentConfigurationTests.gatewayEnvironment) {
            GatewayConfiguration(reader: $0)
        }
    }

    private func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] ?? [:]
    }

    private func problem(_ buffer: ByteBuffer) throws -> ProblemDetails.Body {
        try JSONDecoder().decode(ProblemDetails.Body.self, from: Data(buffer.readableBytesView))
    }

    @Test func healthAnswersOK() async throws {
        try await application().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body) == #"{"service":"gateway","status":"ok"}"#)
            }
        }
    }

    @Test func readyIs200WhenEveryCheckPasses() async throws {
        let checks = [ReadinessCheck("redis") {}, ReadinessCheck("postgres") {}]
        try await application(checks: checks).test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                #expect(body["status"] as? String == "ready")
                #expect(body["service"] as? String == "gateway")
                let results = try #require(body["checks"] as? [String: [String: Any]])
                #expect(results["redis"]?["status"] as? String == "ok")
                #expect(results["postgres"]?["status"] as? String == "ok")
            }
        }
    }

    @Test func readyIs503WhenACheckFails() async throws {
        let checks = [ReadinessCheck("redis") {}, ReadinessCheck("postgres") { throw Unavailable() }]
        try await application(checks: checks).test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let report = try JSONDecoder().decode(ReadinessReport.self, from: Data(response.body.readableBytesView))
                #expect(report.status == .unavailable)
                #expect(report.checks["redis"]?.status == .ok)
                #expect(report.checks["postgres"]?.status == .failing)
                #expect(report.checks["postgres"]?.error == "connection refused")
            }
        }
    }

    @Test func unknownRoutesAnswer404ProblemJSON() async throws {
        try await application().test(.router) { client in
            try await client.execute(uri: "/no/such/route", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try problem(response.body)
                #expect(problem.type == "urn:auto-prospect:problem:not-found")
                #expect(problem.title == "Not Found")
                #expect(problem.status == 404)
                #expect(problem.detail != nil)
            }
        }
    }

    /// The gateway's router with extra routes that throw, to see what the middleware makes of each error.
    private func throwingApplication() throws -> some ApplicationProtocol {
        let router = buildRouter(
            configuration: try Self.configuration(), stores: try TestStores.unconnected(), readinessChecks: [])
        router.get("unexpected") { _, _ -> String in throw InternalFailure() }
        router.get("http-error") { _, _ -> String in
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "Missing API key.")
        }
        router.get("problem") { _, _ -> String in
            throw ProblemDetails(
                status: .unprocessableContent, type: "urn:auto-prospect:problem:validation",
                detail: "The request has invalid fields.",
                errors: [.init(field: "to", message: "must be an E.164 phone number")]
            )
        }
        return Application(router: router, logger: capture.logger())
    }

    @Test func unexpectedErrorsAnswer500WithoutLeakingInternals() async throws {
        try await throwingApplication().test(.router) { client in
            try await client.execute(uri: "/unexpected", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(response.headers[.contentType] == "application/problem+json")
                let text = String(buffer: response.body)
                #expect(!text.contains("s3cr3t") && !text.contains("10.1.2.3") && !text.contains("InternalFailure"))
                let problem = try problem(response.body)
                #expect(problem.type == "urn:auto-prospect:problem:internal-server-error")
                #expect(problem.status == 500)
            }
        }
        // The details are in the log, for operators.
        let logged = try capture.objects().first { $0["message"] as? String == "Unhandled error" }
        #expect((logged?["error.type"] as? String)?.hasSuffix("InternalFailure") == true)
    }

    @Test func httpErrorsKeepTheirStatusMessageAndHeaders() async throws {
        try await throwingApplication().test(.router) { client in
            try await client.execute(uri: "/http-error", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try problem(response.body)
                #expect(problem.type == "urn:auto-prospect:problem:unauthorized")
                #expect(problem.detail == "Missing API key.")
            }
        }
    }

    @Test func thrownProblemsAnswerAsGiven() async throws {
        try await throwingApplication().test(.router) { client in
            try await client.execute(uri: "/problem", method: .get) { response in
                #expect(response.status == .unprocessableContent)
                let problem = try problem(response.body)
                #expect(problem.type == "urn:auto-prospect:problem:validation")
                #expect(problem.errors == [.init(field: "to", message: "must be an E.164 phone number")])
            }
        }
    }
}
