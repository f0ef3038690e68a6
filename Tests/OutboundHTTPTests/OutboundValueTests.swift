import Foundation
import OutboundHTTP
import Testing

@Suite("Values without I/O")
struct OutboundValueTests {
    @Test("Retry-After accepts delta-seconds and the three HTTP-date formats")
    func retryAfterParsing() throws {
        let now = try #require(ISO8601DateFormatter().date(from: "1994-11-06T08:49:07Z"))
        func wait(_ value: String) -> Duration? {
            OutboundResponse(statusCode: 429, headers: ["Retry-After": value], endpoint: "e").retryAfter(now: now)
        }
        #expect(wait("7") == .seconds(7))
        #expect(wait(" 120 ") == .seconds(120))
        #expect(wait("0") == .zero)
        #expect(wait("Sun, 06 Nov 1994 08:49:37 GMT") == .seconds(30))
        #expect(wait("Sunday, 06-Nov-94 08:49:37 GMT") == .seconds(30))
        #expect(wait("Sun Nov  6 08:49:37 1994") == .seconds(30))
        #expect(wait("Sun, 06 Nov 1994 08:00:00 GMT") == .zero)
        #expect(wait("soon") == nil)
        #expect(wait("-5") == nil)
        #expect(OutboundResponse(statusCode: 429, endpoint: "e").retryAfter(now: now) == nil)
    }

    @Test("Transient and permanent failures")
    func transience() {
        func status(_ code: Int) -> OutboundHTTPError {
            .unacceptableStatus(statusCode: code, endpoint: "e", retryAfter: nil)
        }
        #expect(
            status(429).isTransient && status(408).isTransient && status(500).isTransient && status(599).isTransient)
        #expect(
            !status(400).isTransient && !status(401).isTransient && !status(404).isTransient && !status(422).isTransient
        )
        #expect(OutboundHTTPError.timeout(endpoint: "e").isTransient)
        #expect(OutboundHTTPError.connectFailed(endpoint: "e").isTransient)
        #expect(OutboundHTTPError.dnsFailure(endpoint: "e").isTransient)
        #expect(OutboundHTTPError.transport(endpoint: "e", curlCode: 56, message: "recv").isTransient)
        #expect(!OutboundHTTPError.transport(endpoint: "e", curlCode: 27, message: "oom").isTransient)
        #expect(!OutboundHTTPError.tlsFailure(endpoint: "e", curlCode: 60, message: "cert").isTransient)
        #expect(!OutboundHTTPError.invalidURL("x").isTransient)
    }

    @Test("Headers compare names case-insensitively and never describe their values")
    func headers() {
        var headers: OutboundHeaders = ["Set-Cookie": "a=1", "set-cookie": "b=2", "Authorization": "Bearer SECRET"]
        #expect(headers["SET-COOKIE"] == "a=1")
        #expect(headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
        headers.replaceOrAdd("set-COOKIE", "c=3")
        #expect(headers.values(for: "set-cookie") == ["c=3"])
        #expect(headers.count == 2)
        #expect(!"\(headers) \(String(reflecting: headers))".contains("SECRET"))
    }

    @Test("A request describes itself without user info, query or body")
    func requestDescription() throws {
        var request = OutboundRequest(
            method: .post, url: "https://user:SECRET@api.example.com:8443/v1/send?key=SECRET#frag")
        try request.setJSONBody(["to": "+15551234567"])
        #expect("\(request)" == "POST https://api.example.com:8443/v1/send")
        #expect("\(OutboundRequest(url: "nonsense"))" == "GET <invalid URL>")
    }

    @Test("JSON decoding errors name the key path, never the data")
    func decodingErrors() {
        struct Reply: Decodable {
            var sid: String
            var count: Int
        }
        let wrongType = OutboundResponse(
            statusCode: 200, body: Array(#"{"sid":"x","count":"+15551234567"}"#.utf8), endpoint: "e")
        #expect(throws: OutboundHTTPError.undecodableBody(endpoint: "e", type: "Reply", reason: "wrong type at count"))
        {
            try wrongType.decodeJSON(Reply.self)
        }
        let inList = OutboundResponse(
            statusCode: 200, body: Array(#"[{"sid":"a","count":1},{"sid":"b"}]"#.utf8), endpoint: "e")
        #expect(
            throws: OutboundHTTPError.undecodableBody(
                endpoint: "e", type: "Array<Reply>", reason: "missing key count at [1]")
        ) {
            try inList.decodeJSON([Reply].self)
        }
        let garbage = OutboundResponse(statusCode: 200, body: Array("SECRET not json".utf8), endpoint: "e")
        #expect(throws: OutboundHTTPError.undecodableBody(endpoint: "e", type: "Reply", reason: "not valid JSON")) {
            try garbage.decodeJSON(Reply.self)
        }
        let byNumber = OutboundResponse(
            statusCode: 200, body: Array(#"{"+15551234567":{"sid":1}}"#.utf8), endpoint: "e")
        do {
            _ = try byNumber.decodeJSON([String: Reply].self)
            Issue.record("decoded a number as a string")
        } catch {
            #expect(!"\(error)".contains("15551234567"))
        }
    }

    @Test("Configuration from the environment: defaults, values, and errors that name only the key")
    func configurationFromEnvironment() throws {
        #expect(try OutboundHTTPConfiguration(environment: [:]) == OutboundHTTPConfiguration())
        let configured = try OutboundHTTPConfiguration(environment: [
            "OUTBOUND_HTTP_THREADS": "4", "OUTBOUND_HTTP_CONNECT_TIMEOUT_MS": "1500",
            "OUTBOUND_HTTP_TIMEOUT_MS": "9000",
            "OUTBOUND_HTTP_MAX_RESPONSE_BYTES": "2048", "OUTBOUND_HTTP_USER_AGENT": "ap/2",
        ])
        #expect(configured.threadCount == 4)
        #expect(configured.connectTimeout == .milliseconds(1500))
        #expect(configured.totalTimeout == .seconds(9))
        #expect(configured.maxResponseBodySize == 2048)
        #expect(configured.userAgent == "ap/2")
        #expect(throws: OutboundHTTPError.invalidConfiguration("OUTBOUND_HTTP_THREADS must be a positive integer")) {
            try OutboundHTTPConfiguration(environment: ["OUTBOUND_HTTP_THREADS": "many"])
        }
        let defaults = OutboundHTTPConfiguration()
        #expect(
            defaults.threadCount == 16 && defaults.connectTimeout == .seconds(5)
                && defaults.totalTimeout == .seconds(30))
        #expect(defaults.maxResponseBodySize == 10 * 1024 * 1024)
    }
}
