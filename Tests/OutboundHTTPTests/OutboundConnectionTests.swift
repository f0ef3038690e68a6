import Foundation
import OutboundHTTP
import Testing

@Suite("Connection reuse, concurrency, cancellation")
struct OutboundConnectionTests {
    @Test("Sequential requests to one host reuse the connection")
    func reuse() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            let first = try await client.send(OutboundRequest(url: server.url("/inspect?n=1")))
            let second = try await client.send(OutboundRequest(url: server.url("/inspect?n=2")))
            var post = OutboundRequest(method: .post, url: server.url("/echo"))
            post.setBody(Array("ping".utf8), contentType: "text/plain")
            let third = try await client.send(post)
            #expect(!first.reusedConnection)
            #expect(second.reusedConnection)
            #expect(third.reusedConnection)
            #expect(third.text == "ping")
            try await StubServer.run { other in
                let elsewhere = try await client.send(OutboundRequest(url: other.url("/inspect")))
                #expect(!elsewhere.reusedConnection)
            }
        }
    }

    @Test("200 concurrent requests over 16 threads all succeed with their own response")
    func manyConcurrent() async throws {
        let client = makeClient(threads: 16)
        defer { client.shutdown() }
        try await StubServer.run { server in
            let results = try await withThrowingTaskGroup(of: (Int, OutboundResponse).self) { group in
                for index in 0..<200 {
                    group.addTask {
                        var request = OutboundRequest(method: .post, url: server.url("/inspect?n=\(index)"))
                        request.setBody(Array("body-\(index)".utf8), contentType: "text/plain")
                        return (index, try await client.send(request))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count == 200)
            for (index, response) in results {
                #expect(response.statusCode == 200)
                let seen = try response.decodeJSON(Inspection.self)
                #expect(seen.query == "n=\(index)")
                #expect(seen.body == "body-\(index)")
            }
            // At most one handle per thread ever exists, hence at most 16 new connections.
            let newConnections = results.filter { !$0.1.reusedConnection }.count
            #expect(newConnections >= 1 && newConnections <= 16)
        }
    }

    @Test("Cancelling the calling task aborts the transfer")
    func cancellation() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            let start = ContinuousClock.now
            let task = Task { await sendExpectingFailure(client, OutboundRequest(url: server.url("/sleep/10000"))) }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let error = await task.value
            #expect(error == .cancelled(endpoint: server.url("/sleep/10000")))
            #expect(ContinuousClock.now - start < .seconds(4))
            // The handle went back to the pool in a usable state.
            let after = try await client.send(OutboundRequest(url: server.url("/inspect")))
            #expect(after.statusCode == 200)
        }
    }

    @Test("After shutdown, send fails with .shutDown")
    func shutdown() async throws {
        let client = makeClient()
        client.shutdown()
        let error = await sendExpectingFailure(client, OutboundRequest(url: "http://127.0.0.1:9/"))
        #expect(error == .shutDown)
    }
}
