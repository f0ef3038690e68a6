import Foundation
import JobRuntime
import Logging
import MessageStore
import Outbox
import Testing

@testable import SMSSender

@Suite("sms.send through a real JobWorker on the sms queue", .timeLimit(.minutes(1)))
struct SMSSendWorkerTests {
    static let credential = #"{"accountSid":"ACe2e","authToken":"e2e-token","from":"+15017122661"}"#

    @Test("50 messages each reach the provider exactly once, even when enqueued twice")
    func fiftyMessages() async throws {
        let stub = UniqueSIDTwilioStub()
        try await SendingFixture.run(poolSize: 6) { fixture in
            try await fixture.saveCredential(provider: "twilio", json: Self.credential)
            try await ProviderStubServer.run(router: stub.router()) { server in
                var messages: [StoredMessage] = []
                for index in 0..<50 {
                    messages.append(try await fixture.accept(provider: "twilio", body: "message \(index)"))
                }
                let queue = fixture.queue
                let results = try await queue.enqueue(messages.map(SMSSendJob.request(for:)))
                #expect(results.allSatisfy { if case .enqueued = $0 { true } else { false } })
                // The gateway's enqueue and the outbox relay can both enqueue a message: one job.
                let again = try await queue.enqueue(messages.prefix(10).map(SMSSendJob.request(for:)))
                #expect(again.allSatisfy { if case .duplicate = $0 { true } else { false } })

                // A small bucket makes some deliveries wait (rateLimited) and run again later.
                let handler = fixture.handler(
                    endpoints: SMSProviderEndpoints(twilio: server.baseURL),
                    rateLimit: SMSRateLimit(burst: 20, perSecond: 100))
                let worker = JobWorker(
                    queue: queue,
                    options: JobWorkerOptions(
                        consumerName: "sms-test", concurrency: 4, prefetch: 8, blockTimeout: .milliseconds(200),
                        reclaimInterval: .milliseconds(200), promoteInterval: .milliseconds(50),
                        shutdownDeadline: .seconds(5)),
                    logger: SendingFixture.logger, handler: handler.jobHandler)
                let running = Task { try await worker.run() }

                let allSent = try await eventually {
                    try await fixture.pool.query("select count(*) from messages where status = 'sent'").first?
                        .decode(Int.self, at: 0) == 50
                }
                let completed = try await eventually { try await queue.stats().completed == 50 }
                worker.shutdown()
                try await running.value

                #expect(allSent)
                #expect(completed)
                let bodies = try await stub.bodies()
                #expect(bodies.count == 50)
                #expect(Set(bodies) == Set((0..<50).map { "message \($0)" }))
                let balance = try await fixture.balance()
                #expect(balance.committed == 50)
                #expect(balance.held == 0)
                let stats = try await queue.stats()
                #expect(stats.failed == 0)
                #expect(stats.dead == 0)
            }
        }
    }
}
