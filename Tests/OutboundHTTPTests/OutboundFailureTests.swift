import Foundation
import LocalStubServer
import OutboundHTTP
import Testing

@Suite("Transport failures")
struct OutboundFailureTests {
    @Test("A handler slower than the total timeout fails with .timeout, promptly")
    func totalTimeout() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            let request = OutboundRequest(url: server.url("/sleep/5000"), totalTimeout: .milliseconds(500))
            let start = ContinuousClock.now
            let error = await sendExpectingFailure(client, request)
            let elapsed = ContinuousClock.now - start
            #expect(error == .timeout(endpoint: server.url("/sleep/5000")))
            #expect(error?.isTransient == true)
            #expect(elapsed >= .milliseconds(450) && elapsed < .seconds(3))
        }
    }

    @Test("The client's default total timeout applies when the request sets none")
    func defaultTimeout() async throws {
        let client = makeClient(totalTimeout: .milliseconds(300))
        defer { client.shutdown() }
        try await StubServer.run { server in
            let error = await sendExpectingFailure(client, OutboundRequest(url: server.url("/sleep/4000")))
            #expect(error == .timeout(endpoint: server.url("/sleep/4000")))
            // A request's own timeout overrides the shorter default.
            let slow = OutboundRequest(url: server.url("/sleep/600"), totalTimeout: .seconds(5))
            let slept = try await client.send(slow)
            #expect(slept.text == "slept")
        }
    }

    @Test("A closed local port fails with .connectFailed, without leaking the query or body")
    func connectRefused() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        let port = try closedLocalPort()
        var request = OutboundRequest(method: .post, url: "http://127.0.0.1:\(port)/hook?token=SECRET-TOKEN")
        try request.setJSONBody(["text": "SECRET-MESSAGE"])
        let error = await sendExpectingFailure(client, request)
        #expect(error == .connectFailed(endpoint: "http://127.0.0.1:\(port)/hook"))
        #expect(error?.isTransient == true)
        #expect(!"\(String(describing: error))".contains("SECRET"))
    }

    @Test("Speaking TLS to a plain-HTTP server fails with .tlsFailure")
    func tlsFailure() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            let request = OutboundRequest(url: "https://127.0.0.1:\(server.port)/inspect?key=SECRET")
            let error = await sendExpectingFailure(client, request)
            guard case .tlsFailure(let endpoint, _, _) = error else {
                Issue.record("expected tlsFailure, got \(String(describing: error))")
                return
            }
            #expect(endpoint == "https://127.0.0.1:\(server.port)/inspect")
            #expect(error?.isTransient == false)
            #expect(!"\(String(describing: error))".contains("SECRET"))
        }
    }

    // The machine has no outside network, but its resolver answers NXDOMAIN for the reserved .invalid TLD
    // at once (checked with getent); the bound below would catch a resolver that hangs instead.
    @Test("An unresolvable host fails with .dnsFailure")
    func dnsFailure() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        let start = ContinuousClock.now
        let error = await sendExpectingFailure(client, OutboundRequest(url: "http://nonexistent.invalid/x?y=1"))
        #expect(error == .dnsFailure(endpoint: "http://nonexistent.invalid/x"))
        #expect(error?.isTransient == true)
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test(
        "Malformed and non-HTTP URLs fail with .invalidURL before any I/O",
        arguments: [
            "not a url", "ftp://127.0.0.1/file", "file:///etc/passwd", "http://", "/relative/path", "",
        ])
    func invalidURL(url: String) async throws {
        let client = makeClient()
        defer { client.shutdown() }
        guard case .invalidURL = await sendExpectingFailure(client, OutboundRequest(url: url)) else {
            Issue.record("expected invalidURL")
            return
        }
    }

    @Test("Bodies larger than the limit fail, with or without Content-Length")
    func bodyLimit() async throws {
        let client = makeClient(maxResponseBodySize: 1000)
        defer { client.shutdown() }
        try await StubServer.run { server in
            let exact = try await client.send(OutboundRequest(url: server.url("/bytes/1000")))
            #expect(exact.body.count == 1000)
            let exactStreamed = try await client.send(OutboundRequest(url: server.url("/stream/1000")))
            #expect(exactStreamed.body.count == 1000)
            let fixed = await sendExpectingFailure(client, OutboundRequest(url: server.url("/bytes/1001")))
            #expect(fixed == .responseTooLarge(endpoint: server.url("/bytes/1001"), limit: 1000))
            let streamed = await sendExpectingFailure(client, OutboundRequest(url: server.url("/stream/5000")))
            #expect(streamed == .responseTooLarge(endpoint: server.url("/stream/5000"), limit: 1000))
            #expect(streamed?.isTransient == false)
            // A request may raise its own limit (a media download).
            var large = OutboundRequest(url: server.url("/stream/5000"))
            large.maxResponseBodySize = 10_000
            let download = try await client.send(large)
            #expect(download.body.count == 5000)
        }
    }
}
