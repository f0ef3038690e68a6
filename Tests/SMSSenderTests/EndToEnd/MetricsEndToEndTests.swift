import Foundation
import LocalStubServer
import OutboundHTTP
import TestSupport
import Testing

/// `GET /metrics` on the real gateway and on `sms-sender`'s health port, in Prometheus' text format: HTTP
/// requests counted by route pattern, method and status with a latency histogram, jobs by queue and outcome with
/// durations; and nothing in any label that names a number, a text, a key or an id.
@Suite(.serialized, .timeLimit(.minutes(2))) struct MetricsEndToEndTests {
    @Test func theGatewayAndASenderExportRequestsAndJobsWithoutIdsOrNumbers() async throws {
        let stub = SMSEndToEndTests.stub()
        try await LocalStubServer.run(router: stub.router()) { server in
            try await SMSSystem.run(stub: stub, stubURL: server.baseURL) { system in
                let account = try await system.makeAccount(smsMobileAPI: false)
                let accepted = try await system.sendSMS(account, to: "+33612340077", text: "Bonjour métriques")
                #expect(accepted.status == 202)
                let id = try #require(accepted.json["messageId"] as? String)
                _ = try await system.waitForStatus(account, id, "sent")
                #expect(try await system.call(.get, "/api/messages/\(UUID())", bearer: account.key).status == 404)

                let gateway = try await system.call(.get, "/metrics")
                #expect(gateway.status == 200)
                #expect(gateway.headers["Content-Type"]?.hasPrefix("text/plain") == true)
                let text = String(decoding: gateway.body, as: UTF8.self)
                #expect(
                    text.contains(
                        #"http_requests_total{http_route="/api/phone/sms",http_request_method="POST",http_response_status_code="202"}"#
                    ),
                    "\(text.prefix(2_000))")
                #expect(text.contains(#"http_route="/api/messages/{id}""#), "the pattern, not the path")
                #expect(text.contains("http_server_request_duration_seconds_bucket"))

                let port = try await system.sender.loggedInteger("health.port")
                let http = OutboundHTTPClient(
                    configuration: OutboundHTTPConfiguration(threadCount: 1), logger: .init(label: "metrics"))
                let sender = try await http.send(
                    OutboundRequest(method: .get, url: "http://127.0.0.1:\(port)/metrics", totalTimeout: .seconds(10)))
                let senderText = String(decoding: sender.body, as: UTF8.self)
                #expect(sender.statusCode == 200)
                #expect(
                    senderText.contains(#"ap_jobs_total{queue="sms",outcome="completed"} 1"#),
                    "\(senderText.prefix(2_000))")
                #expect(senderText.contains(#"ap_job_duration_seconds_bucket{queue="sms""#))

                for secret in ["+33612340077", "33612340077", "612340077", "métriques", id, account.key, account.id] {
                    #expect(
                        !text.contains(secret) && !senderText.contains(secret), "a label carries \(secret.prefix(4))…")
                }
            }
        }
    }
}
