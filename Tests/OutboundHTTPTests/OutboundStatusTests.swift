import Foundation
import OutboundHTTP
import Testing

@Suite("Error statuses and Retry-After")
struct OutboundStatusTests {
    @Test(
        "4xx and 5xx are responses, not errors; requireSuccess throws with the status",
        arguments: [
            (400, false), (404, false), (408, true), (500, true), (503, true),
        ])
    func errorStatuses(code: Int, transient: Bool) async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            let response = try await client.send(OutboundRequest(url: server.url("/status/\(code)")))
            #expect(response.statusCode == code)
            #expect(!response.isSuccess)
            #expect(response.text.contains("SECRET-BODY-DETAIL"))
            do throws(OutboundHTTPError) {
                try response.requireSuccess()
                Issue.record("requireSuccess accepted HTTP \(code)")
            } catch {
                #expect(error.statusCode == code)
                #expect(error.isTransient == transient)
                #expect(
                    error
                        == .unacceptableStatus(
                            statusCode: code, endpoint: server.url("/status/\(code)"), retryAfter: nil))
            }
        }
    }

    @Test("429 with Retry-After in seconds")
    func retryAfterSeconds() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            let response = try await client.send(OutboundRequest(url: server.url("/status/429?retryAfter=7")))
            #expect(response.statusCode == 429)
            #expect(response.retryAfter == .seconds(7))
            #expect(
                throws: OutboundHTTPError.unacceptableStatus(
                    statusCode: 429, endpoint: server.url("/status/429"), retryAfter: .seconds(7))
            ) {
                try response.requireSuccess()
            }
            let error = OutboundHTTPError.unacceptableStatus(statusCode: 429, endpoint: "x", retryAfter: .seconds(7))
            #expect(error.isTransient)
        }
    }

    @Test("429 with Retry-After as an HTTP-date")
    func retryAfterDate() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = formatter.string(from: Date().addingTimeInterval(120))
        let query = date.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await StubServer.run { server in
            let response = try await client.send(OutboundRequest(url: server.url("/status/429?retryAfter=\(query)")))
            #expect(response.headers["Retry-After"] == date)
            let wait = try #require(response.retryAfter)
            #expect(wait > .seconds(110) && wait <= .seconds(121))
        }
    }

    @Test("The status error names scheme, host and path only: no query, no body")
    func statusErrorIsRedacted() async throws {
        let client = makeClient()
        defer { client.shutdown() }
        try await StubServer.run { server in
            var request = OutboundRequest(
                method: .post, url: server.url("/status/500?apiKey=SECRET-KEY&to=%2B15551234567"))
            request.setFormBody([("Body", "SECRET-MESSAGE")])
            request.setBasicAuth(username: "AC1", password: "SECRET-TOKEN")
            let response = try await client.send(request)
            #expect(response.statusCode == 500)
            do throws(OutboundHTTPError) {
                try response.requireSuccess()
                Issue.record("requireSuccess accepted HTTP \(response.statusCode)")
            } catch {
                let text = "\(error) \(String(reflecting: error)) \(response) \(request)"
                #expect(text.contains("http://127.0.0.1:\(server.port)/status/500"))
                for secret in ["SECRET", "apiKey", "15551234567", "AC1"] {
                    #expect(!text.contains(secret), "description leaks \(secret): \(text)")
                }
            }
        }
    }
}
