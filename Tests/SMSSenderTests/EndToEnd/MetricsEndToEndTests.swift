import Foundation
import LocalStubServer
import OutboundHTTP
import TestSupport
import Testing

/// `GET /metrics` on the real gateway and on `sms-sender`'s health port, in Prometheus' text format: HTTP
/// requests counted by route pattern, method and status with a latency histogram, jobs by queue and outcome with
/// durations, provider calls by provider and outcome, the state gauges (queue depths and oldest age, sessions, credits
/// held, outbox lag); and nothing in any label that names a number, a text, a key or an id.
@Suite(.serialized, .timeLimit(.minutes(2))) struct MetricsEndToEndTests {
    @Test func theGatewayAndASenderExportRequestsAndJobsWithoutIdsOrNumbers() async throws {
        let stub = SMSEndToEndTests.stub()
        try await LocalStubServer.run(router: stub.router()) { server in
            try await SMSSystem.run(
                stub: stub, stubURL: server.baseURL, gatewayOverrides: ["AP_METRICS_SAMPLE_SECONDS": "0.3"]
            ) { system in
                let account = try await system.makeAccount(smsMobileAPI: false)
                let accepted = try await system.sendSMS(account, to: "+33612340077", text: "Bonjour métriques")
                #expect(accepted.status == 202)
                let id = try #require(accepted.json["messageId"] as? String)
                _ = try await system.waitForStatus(account, id, "sent")
                #expect(try await system.call(.get, "/api/messages/\(UUID())", bearer: account.key).status == 404)
                // One for tomorrow: its credit stays held (and a scheduled message is no outbox lag).
                let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400))
                let scheduled = try await system.call(
                    .post, "/api/phone/sms", bearer: account.key,
                    json: ["recipient": "+33612340078", "text": "Demain", "scheduledAt": later])
                #expect(scheduled.status == 202)
                try await eventuallyTrue(timeout: .seconds(15)) {
                    String(decoding: try await system.call(.get, "/metrics").body, as: UTF8.self)
                        .contains(#"ap_credits_held{channel="sms"} 1"#)
                }

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
                for gauge in [
                    #"ap_queue_jobs{queue="sms",state="waiting"} 0"#, #"ap_queue_jobs{queue="sms",state="delayed"}"#,
                    #"ap_queue_oldest_waiting_seconds{queue="sms"} 0"#, #"ap_credits_held{channel="whatsapp"} 0"#,
                    #"ap_whatsapp_sessions{engine="sandbox",status="connected"} 0"#,
                    #"ap_outbox_lag_seconds{outbox="messages"} 0"#, #"ap_outbox_lag_seconds{outbox="status_events"}"#,
                ] {
                    #expect(text.contains(gauge), "\(gauge)")
                }

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
                #expect(senderText.contains(#"ap_provider_requests_total{provider="twilio",outcome="2xx"} 1"#))
                #expect(senderText.contains(#"ap_provider_request_duration_seconds_bucket{provider="twilio""#))

                for secret in [
                    "+33612340077", "33612340077", "612340077", "612340078", "métriques", id, account.key, account.id,
                    "127.0.0.1",
                ] {
                    #expect(
                        !text.contains(secret) && !senderText.contains(secret), "a label carries \(secret.prefix(4))…")
                }
            }
        }
    }
}
