import Domain
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import MessageStore
import Testing

/// A replayed `Idempotency-Key` is compared on the whole normalised request and its route: identical → 200
/// with the first message and `Idempotent-Replayed: true`; any difference → 422 `idempotency-key-reused`,
/// nothing stored or held.
@Suite struct IdempotencyTests {
    private typealias Fixture = MessagingFixture

    private static let reused = "urn:auto-prospect:problem:idempotency-key-reused"
    private static let keyHeader = HTTPField.Name("Idempotency-Key")!

    /// `body` to `path` with the account's key and `key`.
    private func post(
        _ fixture: MessagingFixture, _ account: MessagingAccount, _ path: String, key: String, _ body: String
    ) async throws -> TestResponse {
        var headers = account.headers
        headers[Self.keyHeader] = key
        return try await fixture.client.execute(
            uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    private func expectReplay(
        _ response: TestResponse, of first: MessagingMessage, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(response.status == .ok, sourceLocation: sourceLocation)
        #expect(response.headers[Fixture.replayedHeader] == "true", sourceLocation: sourceLocation)
        let replayed = try Fixture.decode(MessagingMessage.self, response)
        #expect(replayed.messageId == first.messageId, sourceLocation: sourceLocation)
    }

    private static func json(_ fields: [String: String]) -> String { Fixture.json(fields) }

    @Test func anSMSReplayMustRepeatEveryFieldOfTheRequest() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            let key = "sms-\(UUID().uuidString)"
            let at = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 86_400).rounded(.down))
            let utc = ISO8601DateFormatter()
            let paris = ISO8601DateFormatter()
            paris.timeZone = TimeZone(secondsFromGMT: 7200)
            let request = [
                "recipient": Fixture.nationalRecipient, "text": "Premier message", "provider": "sandbox",
                "scheduledAt": utc.string(from: at), "correlationId": "crm-42",
            ]
            let created = try await post(fixture, account, "/api/phone/sms", key: key, Self.json(request))
            try #require(created.status == .accepted)
            let first = try Fixture.decode(MessagingMessage.self, created)

            // The same request after normalisation: the recipient in E.164, the same instant in another zone.
            var same = request
            same["recipient"] = Fixture.e164Recipient
            same["scheduledAt"] = paris.string(from: at)
            try expectReplay(try await post(fixture, account, "/api/phone/sms", key: key, Self.json(same)), of: first)

            // Any other difference is another message: 422.
            var variants: [[String: String]] = []
            for (field, value) in [
                ("correlationId", "crm-43"), ("scheduledAt", utc.string(from: at.addingTimeInterval(60))),
                ("text", "Autre message"), ("recipient", "+33700000000"),
            ] {
                var variant = request
                variant[field] = value
                variants.append(variant)
            }
            for field in ["correlationId", "scheduledAt", "provider"] {
                var variant = request
                variant[field] = nil
                variants.append(variant)
            }
            for variant in variants {
                let response = try await post(fixture, account, "/api/phone/sms", key: key, Self.json(variant))
                try Fixture.problem(response, .unprocessableContent, type: Self.reused)
            }
            #expect(try await fixture.storedMessages(account) == 1)
            #expect(try await fixture.smsCredits(account).held == 1)
        }
    }

    @Test func aWhatsAppReplayMustRepeatTheSessionTheContentAndTheRoute() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            try await fixture.client.execute(
                uri: "/api/admin/accounts/\(account.id)/credits", method: .post, headers: AccountAPITests.admin,
                body: ByteBuffer(string: #"{"channel":"whatsapp","amount":10}"#)
            ) { try #require($0.status == .ok) }
            let register = WorkerRegistryFixture.Registration(
                workerId: "wa-1", instanceId: UUID(), endpoint: WorkerRegistryFixture.endpoint, maxSessions: 10)
            try await fixture.client.execute(
                uri: "/api/admin/workers/register", method: .post, headers: WorkerRegistryFixture.worker,
                body: ByteBuffer(string: WorkerRegistryFixture.json(register))
            ) { try #require($0.status == .created) }
            var sessions: [String] = []
            for name in ["one", "two"] {
                let response = try await fixture.client.execute(
                    uri: "/api/sessions", method: .post, headers: account.headers,
                    body: ByteBuffer(string: #"{"name":"\#(name)"}"#))
                try #require(response.status == .created)
                sessions.append(try Fixture.decode(SessionResource.self, response).id)
            }
            let one = "/api/sessions/\(sessions[0])/send"
            let two = "/api/sessions/\(sessions[1])/send"

            // A template: the same send (recipient normalised) replays; another language, parameter, content
            // or session is refused.
            let key = "wa-\(UUID().uuidString)"
            let template =
                #"{"to":"06 12 34 56 78","template":{"name":"relance","language":"fr","parameters":["208"]}}"#
            let created = try await post(fixture, account, one, key: key, template)
            try #require(created.status == .accepted)
            let first = try Fixture.decode(MessagingMessage.self, created)
            try expectReplay(
                try await post(
                    fixture, account, one, key: key,
                    #"{"template":{"parameters":["208"],"language":"fr","name":"relance"},"to":"+33612345678"}"#),
                of: first)
            for (path, body) in [
                (one, #"{"to":"+33612345678","template":{"name":"relance","language":"en","parameters":["208"]}}"#),
                (one, #"{"to":"+33612345678","template":{"name":"relance","language":"fr"}}"#),
                (one, #"{"to":"+33612345678","text":"template relance: 208"}"#),
                (two, template),
            ] {
                try Fixture.problem(
                    try await post(fixture, account, path, key: key, body), .unprocessableContent, type: Self.reused)
            }

            // Media: the URL and the file name count, not only the caption.
            let mediaKey = "wa-media-\(UUID().uuidString)"
            let media = #"{"to":"+33612345678","media":{"type":"image","url":"https://a.test/1.png","caption":"c"}}"#
            let mediaCreated = try await post(fixture, account, one, key: mediaKey, media)
            try #require(mediaCreated.status == .accepted)
            try expectReplay(
                try await post(fixture, account, one, key: mediaKey, media),
                of: try Fixture.decode(MessagingMessage.self, mediaCreated))
            for body in [
                #"{"to":"+33612345678","media":{"type":"image","url":"https://a.test/2.png","caption":"c"}}"#,
                #"{"to":"+33612345678","media":{"type":"image","url":"https://a.test/1.png","caption":"c","filename":"f"}}"#,
                #"{"to":"+33612345678","media":{"type":"document","url":"https://a.test/1.png","caption":"c"}}"#,
            ] {
                try Fixture.problem(
                    try await post(fixture, account, one, key: mediaKey, body), .unprocessableContent, type: Self.reused
                )
            }

            // The route counts: a WhatsApp text's key sent again as an SMS with the same recipient and text.
            let textKey = "wa-text-\(UUID().uuidString)"
            let text = try await post(fixture, account, one, key: textKey, #"{"to":"+33612345678","text":"Bonjour"}"#)
            try #require(text.status == .accepted)
            try Fixture.problem(
                try await post(
                    fixture, account, "/api/phone/sms", key: textKey, #"{"recipient":"+33612345678","text":"Bonjour"}"#
                ), .unprocessableContent, type: Self.reused)
            #expect(try await fixture.storedMessages(account) == 3)
        }
    }

    @Test func aMessageFromBeforeFingerprintsReplaysOnWhatItsRowKeeps() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            let key = "legacy-\(UUID().uuidString)"
            // As the gateway stored it before `request_fingerprint` existed.
            let legacy = try await fixture.messages.accept(
                NewMessage(
                    accountID: account.uuid, channel: .sms, provider: "sandbox",
                    recipient: try PhoneNumber(Fixture.e164Recipient), body: "Ancien", segments: 1, idempotencyKey: key,
                    correlationID: "crm-1"))
            #expect(legacy.message.requestFingerprint == nil)
            let replay = try await post(
                fixture, account, "/api/phone/sms", key: key, #"{"recipient":"0612345678","text":"Ancien"}"#)
            #expect(replay.status == .ok && replay.headers[Fixture.replayedHeader] == "true")
            let other = try await post(
                fixture, account, "/api/phone/sms", key: key, #"{"recipient":"0612345678","text":"Nouveau"}"#)
            try Fixture.problem(other, .unprocessableContent, type: Self.reused)
            // Fingerprints are kept from now on.
            let created = try await post(
                fixture, account, "/api/phone/sms", key: "new-\(key)", #"{"recipient":"0612345678","text":"Ancien"}"#)
            let stored = try await fixture.messages.load(id: try Fixture.decode(MessagingMessage.self, created).id)
            #expect(stored?.requestFingerprint?.count == 64)
        }
    }
}
