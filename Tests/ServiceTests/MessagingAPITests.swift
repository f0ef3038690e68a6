import Foundation
import Gateway
import Hummingbird
import JobRuntime
import MessageStore
import Outbox
import ServiceRuntime
import TestSupport
import Testing

/// `POST /api/phone/sms`, `GET /api/messages/{id}` and the account's queue routes through the gateway's
/// router, against the real Postgres (a schema per test) and Redis (a prefix per test).
@Suite struct MessagingAPITests {
    private typealias Fixture = MessagingFixture

    private static let validation = "urn:auto-prospect:problem:validation"

    /// 400 GSM-7 characters: three segments of 153.
    private static let threeSegments = String(repeating: "a", count: 400)

    // MARK: Sending

    @Test func aSandboxSMSIsAcceptedQueuedAndHoldsItsCredits() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            let response = try await fixture.post(account, recipient: Fixture.nationalRecipient)
            #expect(response.status == .accepted)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.headers[MessagingFixture.replayedHeader] == nil)
            let message = try Fixture.decode(MessagingMessage.self, response)
            #expect(response.headers[.location] == "/api/messages/\(message.messageId)")
            #expect(message.status == "queued")
            #expect(message.recipient == Fixture.e164Recipient)
            #expect(message.segments == 1)
            #expect(message.provider == "sandbox")
            #expect(message.channel == "sms" && message.queue == "sms")
            #expect(message.jobId == message.messageId)
            #expect(message.scheduledAt == nil && message.providerMessageId == nil)
            #expect(message.history == nil)

            let job = try await fixture.test.stores.queue(named: "sms").status(of: message.jobId)
            #expect(job.state == .waiting)
            #expect(job.name == "sms.send")
            // Both changes were published on `events`.
            #expect(try await fixture.jobState("events", "\(message.messageId):pending") != .unknown)
            #expect(try await fixture.jobState("events", "\(message.messageId):queued") != .unknown)

            let credits = try await fixture.smsCredits(account)
            #expect(credits.granted == 5 && credits.held == 1 && credits.available == 4 && credits.committed == 0)
            #expect(try await fixture.storedMessages(account) == 1)
        }
    }

    @Test func aRepeatedIdempotencyKeyReplaysTheFirstMessage() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            let key = "order-42-\(UUID().uuidString)"
            let first = try await fixture.post(account, text: "Premier message", idempotencyKey: key)
            #expect(first.status == .accepted)
            let message = try Fixture.decode(MessagingMessage.self, first)

            // Same key, same body: the first message again, 200 and marked as a replay; nothing new stored.
            let again = try await fixture.post(account, text: "Premier message", idempotencyKey: key)
            #expect(again.status == .ok)
            #expect(again.headers[MessagingFixture.replayedHeader] == "true")
            #expect(again.headers[.location] == "/api/messages/\(message.messageId)")
            let replayed = try Fixture.decode(MessagingMessage.self, again)
            #expect(replayed.messageId == message.messageId && replayed.status == "queued")
            #expect(try await fixture.storedMessages(account) == 1)
            #expect(try await fixture.smsCredits(account).held == 1)

            // Same key, another text or recipient: refused, still one message.
            let reused = try await fixture.post(account, text: "Autre message", idempotencyKey: key)
            try Fixture.problem(reused, .unprocessableContent, type: "urn:auto-prospect:problem:idempotency-key-reused")
            let otherRecipient = try await fixture.post(
                account, text: "Premier message", recipient: "+33700000000", idempotencyKey: key)
            try Fixture.problem(
                otherRecipient, .unprocessableContent, type: "urn:auto-prospect:problem:idempotency-key-reused")

            // Malformed keys are 400 before anything is read or stored.
            for bad in [String(repeating: "k", count: 300), "has space", "é"] {
                let response = try await fixture.post(account, text: "Premier message", idempotencyKey: bad)
                let problem = try Fixture.problem(
                    response, .badRequest, type: "urn:auto-prospect:problem:invalid-idempotency-key")
                #expect(problem.errors?.map(\.field) == ["Idempotency-Key"])
            }
            #expect(try await fixture.storedMessages(account) == 1)
            #expect(try await fixture.smsCredits(account).held == 1)

            // Keys belong to their account: another account's same key is a new message.
            let other = try await fixture.account(name: "Other", credits: 1)
            let elsewhere = try await fixture.post(other, text: "Premier message", idempotencyKey: key)
            #expect(elsewhere.status == .accepted)
            #expect(try Fixture.decode(MessagingMessage.self, elsewhere).messageId != message.messageId)
        }
    }

    @Test func concurrentRetriesWithOneKeyMakeOneMessage() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            let key = UUID().uuidString
            let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let response = try await fixture.post(account, text: "Une fois", idempotencyKey: key)
                        let id = (try? Fixture.decode(MessagingMessage.self, response).messageId) ?? "-"
                        return (response.status, id)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0.0 == .accepted }.count == 1)
            #expect(answers.filter { $0.0 == .ok }.count == 5)
            #expect(Set(answers.map(\.1)).count == 1)
            #expect(try await fixture.storedMessages(account) == 1)
            #expect(try await fixture.smsCredits(account).held == 1)
        }
    }

    @Test func missingCreditsAre402AndStoreNothing() async throws {
        try await Fixture.with { fixture in
            let broke = try await fixture.account(name: "Broke", credits: 0)
            let refused = try await fixture.post(broke)
            let problem = try Fixture.problem(
                refused, HTTPResponse.Status(code: 402), type: "urn:auto-prospect:problem:insufficient-credits")
            #expect(problem.detail?.contains("1 credits") == true)
            #expect(try await fixture.storedMessages(broke) == 0)
            #expect(try await fixture.smsStats(broke) == MessagingQueueStats.empty)

            // Two credits do not pay for three segments; nothing is held, and one segment still goes out.
            let short = try await fixture.account(name: "Short", credits: 2)
            let long = try await fixture.post(short, text: Self.threeSegments)
            let shortProblem = try Fixture.problem(
                long, HTTPResponse.Status(code: 402), type: "urn:auto-prospect:problem:insufficient-credits")
            #expect(shortProblem.detail?.contains("3 credits") == true)
            #expect(try await fixture.smsStats(short) == MessagingQueueStats.empty)
            #expect(try await fixture.storedMessages(short) == 0)
            let credits = try await fixture.smsCredits(short)
            #expect(credits.held == 0 && credits.available == 2)
            #expect(try await fixture.send(short).segments == 1)
            #expect(try await fixture.smsStats(short).waiting == 1)
        }
    }

    @Test func concurrentSendsNeverSpendMoreThanTheCredits() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 3)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<6 {
                    group.addTask { try await fixture.post(account, text: "Message \(index)").status.code }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted() == [202, 202, 202, 402, 402, 402])
            #expect(try await fixture.storedMessages(account) == 3)
            let credits = try await fixture.smsCredits(account)
            #expect(credits.held == 3 && credits.available == 0)
        }
    }

    @Test func invalidRequestsAreProblemsNamingTheirFields() async throws {
        try await Fixture.with({ $0.messaging.maxSMSSegments = 2 }) { fixture in
            let account = try await fixture.account(credits: 10)
            @Sendable func expectFields(
                _ response: TestResponse, _ status: HTTPResponse.Status, type: String, _ fields: [String],
                sourceLocation: SourceLocation = #_sourceLocation
            ) throws {
                let problem = try Fixture.problem(response, status, type: type, sourceLocation: sourceLocation)
                #expect(problem.errors?.map(\.field) == fields, sourceLocation: sourceLocation)
            }
            // Unknown field: 400. Wrong type or missing field: 422.
            try expectFields(
                try await fixture.post(account, extra: ["priority": "high"]), .badRequest,
                type: "urn:auto-prospect:problem:unknown-field", ["priority"])
            try expectFields(
                try await fixture.post(account, body: #"{"recipient":612345678,"text":"Bonjour"}"#),
                .unprocessableContent, type: Self.validation, ["recipient"])
            try expectFields(
                try await fixture.post(account, body: #"{"recipient":"0612345678"}"#), .unprocessableContent,
                type: Self.validation, ["text"])
            // Every field's problem at once.
            let both = try await fixture.post(account, text: "   ", recipient: "12")
            try expectFields(both, .unprocessableContent, type: Self.validation, ["text", "recipient"])
            // Longer than AP_SMS_MAX_SEGMENTS (2 here).
            try expectFields(
                try await fixture.post(account, text: Self.threeSegments), .unprocessableContent,
                type: Self.validation, ["text"])
            // A provider the account has no credentials for, or that does not exist.
            for provider in ["twilio", "nexmo"] {
                try expectFields(
                    try await fixture.post(account, extra: ["provider": provider]), .unprocessableContent,
                    type: Self.validation, ["provider"])
            }
            // scheduledAt that is no ISO 8601 date-time with a zone, or too far ahead.
            let farAhead = ISO8601DateFormatter().string(from: Date().addingTimeInterval(91 * 86_400))
            for scheduledAt in ["tomorrow", "2030-01-01T09:00:00", farAhead] {
                try expectFields(
                    try await fixture.post(account, extra: ["scheduledAt": scheduledAt]), .unprocessableContent,
                    type: Self.validation, ["scheduledAt"])
            }

            // Without the sandbox, an account with no credentials has no provider at all.
            let strict = try Fixture.configuration { $0.messaging.smsSandbox = false }
            let application = buildApplication(
                configuration: strict, stores: fixture.test.stores, logger: TestStores.quietLogger)
            try await application.test(.router) { client in
                let response = try await client.execute(
                    uri: "/api/phone/sms", method: .post, headers: account.headers,
                    body: ByteBuffer(string: #"{"recipient":"0612345678","text":"Bonjour"}"#))
                try expectFields(response, .unprocessableContent, type: Self.validation, ["provider"])
                let problem = try Fixture.decode(ProblemDetails.Body.self, response)
                #expect(problem.errors?.first?.message.contains("no SMS provider is configured") == true)
            }

            #expect(try await fixture.storedMessages(account) == 0)
            #expect(try await fixture.smsCredits(account).held == 0)
        }
    }

    // MARK: Reading

    @Test func anAccountSeesOnlyItsOwnMessagesAndJobs() async throws {
        try await Fixture.with { fixture in
            let owner = try await fixture.account(name: "Owner")
            let stranger = try await fixture.account(name: "Stranger")
            let message = try await fixture.send(owner)

            try await fixture.client.execute(
                uri: "/api/jobs/sms/\(message.jobId)", method: .get, headers: owner.headers
            ) { response in
                #expect(response.status == .ok)
                let status = try Fixture.decode(JobStatus.self, response)
                #expect(status.id == message.jobId && status.state == .waiting && status.name == "sms.send")
            }
            #expect(try await fixture.message(owner, message.messageId).messageId == message.messageId)

            // Another account's message and job look like ones that do not exist.
            try Fixture.problem(
                try await fixture.get(stranger, "/api/messages/\(message.messageId)"), .notFound,
                type: "urn:auto-prospect:problem:unknown-message")
            try Fixture.problem(
                try await fixture.get(stranger, "/api/jobs/sms/\(message.jobId)"), .notFound,
                type: "urn:auto-prospect:problem:unknown-job")
            for path in ["/api/messages/\(UUID().uuidString)", "/api/messages/not-a-uuid"] {
                try Fixture.problem(
                    try await fixture.get(owner, path), .notFound, type: "urn:auto-prospect:problem:unknown-message")
            }
            // A job is only found on its channel's queue.
            try Fixture.problem(
                try await fixture.get(owner, "/api/jobs/voice/\(message.jobId)"), .notFound,
                type: "urn:auto-prospect:problem:unknown-job")
            #expect(try await fixture.smsStats(owner).waiting == 1)
            #expect(try await fixture.smsStats(stranger) == MessagingQueueStats.empty)

            // Only message queues are account queues.
            for path in [
                "/api/queues/hunt/stats", "/api/queues/nope/stats", "/api/jobs/events/\(message.jobId)",
                "/api/queues/inbound/dead-letters",
            ] {
                try Fixture.problem(
                    try await fixture.get(owner, path), .notFound, type: "urn:auto-prospect:problem:unknown-queue")
            }
            try await fixture.client.execute(uri: "/api/messages/\(message.messageId)", method: .get) {
                try Fixture.problem($0, .unauthorized)
            }
        }
    }

    @Test func aMessageShowsItsHistoryInOrder() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 3)
            let accepted = try await fixture.send(account, extra: ["correlationId": "crm-42"])
            let queued = try await fixture.message(account, accepted.messageId)
            #expect(queued.status == "queued" && queued.correlationId == "crm-42")
            #expect(queued.history?.map(\.status) == ["pending", "queued"])
            #expect(queued.history?.first?.detail == "accepted")

            try await fixture.markSent(accepted, provider: "sandbox", providerMessageID: "sandbox-0001")
            let sent = try await fixture.message(account, accepted.messageId)
            #expect(sent.status == "sent" && sent.providerMessageId == "sandbox-0001")
            #expect(sent.history?.map(\.status) == ["pending", "queued", "sent"])
            let times = sent.history?.map(\.at) ?? []
            #expect(times == times.sorted())
            // Sending committed the held credit.
            let credits = try await fixture.smsCredits(account)
            #expect(credits.held == 0 && credits.committed == 1 && credits.available == 2)
            let stats = try await fixture.smsStats(account)
            #expect(stats.sent == 1 && stats.waiting == 0)
        }
    }

    // MARK: Outages and scheduling

    @Test func aRedisOutageLeavesThePendingMessageToTheOutboxRelay() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 3)
            // The same schema, but Redis at a port nobody listens on.
            let outage = try TestStores.unconnected(
                redisURL: "redis://127.0.0.1:\(ClosedPort.find())/0", databaseURL: fixture.test.schema.databaseURL)
            let pending: MessagingMessage
            do {
                let application = buildApplication(
                    configuration: fixture.configuration, stores: outage, logger: TestStores.quietLogger)
                pending = try await application.test(.router) { client in
                    let response = try await client.execute(
                        uri: "/api/phone/sms", method: .post, headers: account.headers,
                        body: ByteBuffer(string: Fixture.json(["recipient": "0612345678", "text": "Bonjour"])))
                    try #require(response.status == .accepted)
                    #expect(response.headers[.location] != nil)
                    return try Fixture.decode(MessagingMessage.self, response)
                }
            } catch {
                await outage.close()
                throw error
            }
            await outage.close()
            #expect(pending.status == "pending")
            #expect(try await fixture.jobState("sms", pending.jobId) == .unknown)
            #expect(try await fixture.message(account, pending.messageId).history?.map(\.status) == ["pending"])
            #expect(try await fixture.smsCredits(account).held == 1)
            #expect(try await fixture.smsStats(account).waiting == 1)

            // Redis is back. The relay leaves rows younger than its minimum age to the request that accepted
            // them; this one is made older than that instead of waiting.
            _ = try await fixture.test.postgres.execute(
                "update messages set created_at = created_at - interval '1 minute' where id = $1", [pending.id])
            let relay = buildOutboxRelay(
                configuration: fixture.configuration, stores: fixture.test.stores, logger: TestStores.quietLogger)
            #expect(await relay.relayAll() == [pending.id])
            let queued = try await fixture.message(account, pending.messageId)
            #expect(queued.status == "queued")
            #expect(queued.history?.map(\.status) == ["pending", "queued"])
            #expect(queued.history?.last?.detail == "relayed by outbox")
            let job = try await fixture.test.stores.queue(named: "sms").status(of: pending.jobId)
            #expect(job.state == .waiting && job.name == "sms.send")
            #expect(try await fixture.jobState("events", "\(pending.messageId):queued") != .unknown)
            // Nothing is left to relay.
            #expect(try await relay.relayOnce().isEmpty)
        }
    }

    @Test func aScheduledMessageWaitsAsADelayedJob() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 3)
            let at = Date().addingTimeInterval(3_600)
            let message = try await fixture.send(
                account, extra: ["scheduledAt": ISO8601DateFormatter().string(from: at)])
            #expect(message.status == "queued")
            let scheduledAt = try #require(message.scheduledAt)
            #expect(abs(scheduledAt.timeIntervalSince(at)) < 1)
            #expect(try await fixture.jobState("sms", message.jobId) == .delayed)
            let stats = try await fixture.smsStats(account)
            #expect(stats.scheduled == 1 && stats.waiting == 0)

            // A time already past sends now.
            let past = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-60))
            let now = try await fixture.send(account, extra: ["scheduledAt": past])
            #expect(now.scheduledAt == nil)
            #expect(try await fixture.jobState("sms", now.jobId) == .waiting)
            let after = try await fixture.smsStats(account)
            #expect(after.scheduled == 1 && after.waiting == 1)
        }
    }

    // MARK: Dead letters

    @Test func deadLettersAreListedAndReplayedPerAccount() async throws {
        try await Fixture.with { fixture in
            let owner = try await fixture.account(name: "Owner")
            let stranger = try await fixture.account(name: "Stranger")
            let own = try await fixture.send(owner)
            let foreign = try await fixture.send(stranger)

            // A sender that rejects everything: both jobs become dead letters of the one `sms` queue (and, with
            // the senders' recorder, their messages fail).
            let queue = fixture.test.stores.queue(named: "sms")
            let worker = JobWorker(
                queue: queue,
                options: JobWorkerOptions(
                    consumerName: "test-\(UUID().uuidString.prefix(6))", concurrency: 1,
                    blockTimeout: .milliseconds(100)),
                logger: TestStores.quietLogger,
                deadLetterRecorder: MessageDeadLetterRecorder(
                    recording: fixture.test.stores.deadLetterRecorder, messages: fixture.messages,
                    events: MessageEventPublisher(
                        queue: fixture.test.stores.queue(named: "events"), logger: TestStores.quietLogger),
                    logger: TestStores.quietLogger)
            ) { _ in throw JobFailure.permanent("rejected by the test provider") }
            let running = Task { try await worker.run() }
            let bothDead = await eventually(timeout: .seconds(30)) { (try? await queue.stats().dead) == 2 }
            worker.shutdown()
            try await running.value
            try #require(bothDead)

            func letters(_ account: MessagingAccount) async throws -> [DeadLetterResource] {
                let response = try await fixture.get(account, "/api/queues/sms/dead-letters")
                try #require(response.status == .ok)
                return try Fixture.decode([DeadLetterResource].self, response)
            }
            let owned = try await letters(owner)
            #expect(owned.map(\.jobId) == [own.jobId])
            #expect(owned.first?.accountId == owner.id && owned.first?.error == "rejected by the test provider")
            let strangers = try await letters(stranger)
            #expect(strangers.map(\.jobId) == [foreign.jobId])
            #expect(try await fixture.smsStats(owner).deadLetters == 1)

            // Another account's letter cannot be replayed (nor told apart from a missing one).
            let foreignLetter = try #require(strangers.first)
            try await fixture.client.execute(
                uri: "/api/queues/sms/dead-letters/\(foreignLetter.deadLetterId)/replay", method: .post,
                headers: owner.headers
            ) { try Fixture.problem($0, .notFound, type: "urn:auto-prospect:problem:unknown-dead-letter") }
            #expect(try await letters(stranger).map(\.deadLetterId) == [foreignLetter.deadLetterId])

            // Its own is.
            let ownLetter = try #require(owned.first)
            try await fixture.client.execute(
                uri: "/api/queues/sms/dead-letters/\(ownLetter.deadLetterId)/replay", method: .post,
                headers: owner.headers
            ) { response in
                #expect(response.status == .accepted)
                let accepted = try Fixture.decode(ReplayAccepted.self, response)
                #expect(accepted == ReplayAccepted(jobId: own.jobId))
            }
            #expect(try await letters(owner).isEmpty)
            #expect(try await fixture.jobState("sms", own.jobId) == .waiting)
            #expect(try await letters(stranger).count == 1)
            // Replayed once, gone.
            try await fixture.client.execute(
                uri: "/api/queues/sms/dead-letters/\(ownLetter.deadLetterId)/replay", method: .post,
                headers: owner.headers
            ) { try Fixture.problem($0, .notFound, type: "urn:auto-prospect:problem:unknown-dead-letter") }
        }
    }

    @Test func theSandboxIsNeverPickedForAnAccountWithRealCredentials() async throws {
        try await Fixture.with { fixture in
            // The fixture's gateway has the sandbox enabled.
            let account = try await fixture.account(credits: 5)
            try await fixture.storeCredentials(
                account, provider: "twilio",
                ["accountSid": "AC" + String(repeating: "ab", count: 16), "authToken": "token", "from": "+15017122661"])
            #expect(try await fixture.send(account).provider == "twilio")
            try await fixture.storeCredentials(account, provider: "smsmobileapi", ["apiKey": "key-1"])
            // SMSMobileAPI first when both are configured; the sandbox only when asked for by name.
            #expect(try await fixture.send(account).provider == "smsmobileapi")
            #expect(try await fixture.send(account, extra: ["provider": "sandbox"]).provider == "sandbox")
        }
    }
}

extension MessagingQueueStats {
    /// An sms queue with nothing of the account's in it.
    static let empty = MessagingQueueStats(queue: "sms")
}
