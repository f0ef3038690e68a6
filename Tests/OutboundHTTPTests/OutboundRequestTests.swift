import Foundation
import OutboundHTTP
import Testing

@Suite("Requests as the server sees them")
struct OutboundRequestTests {
    @Test("GET sends ordered, repeated headers and the query untouched")
    func getWithHeadersAndQuery() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            let request = OutboundRequest(
                url: server.url("/inspect?to=%2B15551234567&tag=a&tag=b"),
                headers: ["Accept": "application/json", "X-Multi": "1", "X-Multi": "2", "X-Empty": ""])
            let response = try await client.send(request)
            #expect(response.statusCode == 200)
            #expect(response.isSuccess)
            let seen = try response.decodeJSON(Inspection.self)
            #expect(seen.method == "GET")
            #expect(seen.path == "/inspect")
            #expect(seen.query == "to=%2B15551234567&tag=a&tag=b")
            #expect(seen.values("accept") == ["application/json"])
            #expect(seen.values("x-multi") == ["1", "2"])
            #expect(seen.values("x-empty") == [""])
            #expect(seen.values("user-agent") == [client.configuration.userAgent])
            #expect(seen.values("expect").isEmpty)
            #expect(seen.values("content-type").isEmpty)
            #expect(seen.body.isEmpty)
        }
    }

    @Test("A User-Agent header on the request replaces the configured one")
    func userAgentOverride() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            let request = OutboundRequest(url: server.url("/inspect"), headers: ["User-Agent": "provider-probe/2"])
            let seen = try await client.send(request).decodeJSON(Inspection.self)
            #expect(seen.values("user-agent") == ["provider-probe/2"])
        }
    }

    @Test("A JSON body is sent with its content type, echoed back and decoded")
    func postJSON() async throws {
        struct Message: Codable, Equatable {
            var to: String
            var text: String
            var segments: Int
        }
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            let message = Message(to: "+15551234567", text: "Héllo \"quoted\" & 📱 \\ done", segments: 2)
            var request = OutboundRequest(method: .post, url: server.url("/echo"))
            try request.setJSONBody(message)
            let response = try await client.send(request)
            #expect(response.statusCode == 200)
            #expect(response.headers["content-type"] == "application/json")
            #expect(try response.decodeJSON(Message.self) == message)
        }
    }

    @Test("A form body is percent-encoded so the server decodes every field exactly")
    func formBody() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            let fields = [("To", "+15551234567"), ("From", "+1 (555) 000-1111"), ("Body", "Hi & bye = 100% ✓ a+b ~*")]
            var request = OutboundRequest(method: .post, url: server.url("/form"))
            request.setFormBody(fields)
            let echo = try await client.send(request).requireSuccess().decodeJSON(FormEcho.self)
            #expect(
                echo.form == SMSForm(to: "+15551234567", from: "+1 (555) 000-1111", body: "Hi & bye = 100% ✓ a+b ~*"))
            #expect(echo.contentType == "application/x-www-form-urlencoded")
            #expect(
                echo.rawBody
                    == "To=%2B15551234567&From=%2B1+%28555%29+000-1111&Body=Hi+%26+bye+%3D+100%25+%E2%9C%93+a%2Bb+%7E*")
        }
    }

    @Test(
        "PUT, PATCH and DELETE use their method; bodies and empty bodies are framed",
        arguments: [
            (OutboundRequest.Method.put, "{\"a\":1}"), (.patch, "{\"b\":2}"), (.delete, ""), (.put, ""),
        ])
    func otherMethods(method: OutboundRequest.Method, body: String) async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            var request = OutboundRequest(method: method, url: server.url("/inspect"))
            if !body.isEmpty { request.setBody(Array(body.utf8), contentType: "application/json") }
            let seen = try await client.send(request).decodeJSON(Inspection.self)
            #expect(seen.method == method.rawValue)
            #expect(seen.body == body)
            if method == .put {
                #expect(seen.values("content-length") == ["\(body.utf8.count)"])
            }
            #expect(seen.values("content-type") == (body.isEmpty ? [] : ["application/json"]))
        }
    }

    @Test("HEAD returns headers and no body")
    func head() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            let response = try await client.send(OutboundRequest(method: .head, url: server.url("/inspect")))
            #expect(response.statusCode == 200)
            #expect(response.headers["x-head-seen"] == "yes")
            #expect(response.body.isEmpty)
        }
    }

    @Test("Basic auth is sent as Twilio expects")
    func basicAuth() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            var request = OutboundRequest(url: server.url("/inspect"))
            request.setBasicAuth(username: "AC123", password: "tok:en")
            let seen = try await client.send(request).decodeJSON(Inspection.self)
            #expect(seen.values("authorization") == ["Basic QUMxMjM6dG9rOmVu"])
        }
    }

    @Test("Compressed responses are decoded; response headers are case-insensitive and keep every value")
    func responseDecodingAndHeaders() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            let compressed = try await client.send(OutboundRequest(url: server.url("/gzip")))
            #expect(compressed.text == String(repeating: "compressed hello ", count: 20))
            let multi = try await client.send(OutboundRequest(url: server.url("/multi")))
            #expect(multi.statusCode == 204)
            #expect(multi.headers.values(for: "x-multi") == ["one", "two"])
            #expect(multi.headers["X-MULTI"] == "one")
            #expect(multi.headers["x-empty"] == "")
            #expect(multi.headers["x-absent"] == nil)
        }
    }

    @Test("Header values with line breaks are refused before anything is sent")
    func headerInjection() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        let request = OutboundRequest(
            url: "http://127.0.0.1:9/inspect", headers: ["X-Note": "a\r\nX-Injected: 1"])
        let error = await sendExpectingFailure(client, request)
        guard case .invalidRequest = error else {
            Issue.record("expected invalidRequest, got \(String(describing: error))")
            return
        }
        let badName = OutboundRequest(url: "http://127.0.0.1:9/inspect", headers: ["Bad Name": "x"])
        guard case .invalidRequest = await sendExpectingFailure(client, badName) else {
            Issue.record("expected invalidRequest for a header name with a space")
            return
        }
    }
}
