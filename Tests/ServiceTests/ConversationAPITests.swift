import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import JobRuntime
import TestSupport
import Testing

/// Replies through the gateway's own routes and its `inbound` consumer: a signed Twilio incoming message
/// becomes one conversation entry however often it is delivered, the conversation is listed, shown both
/// ways, answered through the normal send path, marked read, and hidden from other accounts; STOP blocks the
/// number and stops what was still unsent.
@Suite struct ConversationAPITests {
    private typealias Fixture = MessagingFixture
    private static let webhooks = SMSWebhookRouteTests()
    private static let contact = MessagingFixture.e164Recipient

    private static func incoming(_ sid: String, body: String, media: [(String, String)] = []) -> [(String, String)] {
        [
            ("MessageSid", sid), ("SmsSid", sid), ("AccountSid", SMSWebhookRouteTests.accountSID),
            ("From", contact), ("To", "+15017122661"), ("Body", body), ("NumMedia", media.isEmpty ? "0" : "1"),
            ("SmsStatus", "received"), ("ApiVersion", "2010-04-01"),
        ] + media
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, _ response: TestResponse) throws -> Value {
        try Fixture.decode(type, response)
    }

    private static func page(_ fixture: Fixture, _ account: MessagingAccount, _ query: String = "") async throws
        -> ConversationPageView
    {
        let response = try await fixture.get(account, "/api/conversations\(query)")
        try #require(response.status == .ok)
        return try decode(ConversationPageView.self, response)
    }

    @Test func aTwilioReplyIsOneConversationEntryThatCanBeAnsweredAndReadOnlyByItsAccount() async throws {
        try await Fixture.with(consumingInbound: true) { fixture in
            let account = try await Self.webhooks.twilioAccount(fixture)
            let outbound = try await fixture.send(account, text: "Votre annonce est-elle disponible ?")
            let sid = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let media = [
                ("MediaUrl0", "https://api.twilio.com/2010-04-01/Media/ME1"), ("MediaContentType0", "image/jpeg"),
            ]
            for _ in 0..<2 {  // Twilio retries a webhook it did not see answered
                let response = try await Self.webhooks.twilioCallback(
                    fixture, accountID: account.id, Self.incoming(sid, body: "Oui, toujours dispo", media: media))
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/xml")
                #expect(String(buffer: response.body) == "<Response/>")
            }
            let listed = await eventually(timeout: .seconds(20)) {
                (try? await Self.page(fixture, account).items.first?.unreadCount) == 1
            }
            try #require(listed)
            let conversation = try #require(try await Self.page(fixture, account).items.first)
            #expect(conversation.channel == "sms" && conversation.contactPhone == Self.contact)
            #expect(conversation.provider == "twilio")

            // Both ways, oldest first.
            let shown = try await fixture.get(account, "/api/conversations/\(conversation.id)")
            let detail = try Self.decode(ConversationPageView.Item.self, shown)
            let entries = try #require(detail.messages)
            #expect(entries.map(\.direction) == ["outbound", "inbound"])
            #expect(entries[0].id == outbound.messageId && entries[0].status != nil)
            #expect(entries[1].text == "Oui, toujours dispo" && entries[1].optOut == false)
            #expect(entries[1].media?.url == "https://api.twilio.com/2010-04-01/Media/ME1")
            #expect(entries[1].media?.type == "image" && entries[1].media?.mime == "image/jpeg")

            // One message.inbound event, without the number or the text.
            let events = fixture.test.stores.queue(named: "events")
            let inboundID = entries[1].id
            #expect(try await events.status(of: "inbound:\(inboundID)").name == "message.inbound")

            // The reply goes to the contact through Twilio, once per Idempotency-Key.
            var headers = account.headers
            headers[HTTPField.Name("Idempotency-Key")!] = "reply-1"
            let replyPath = "/api/conversations/\(conversation.id)/reply"
            let reply = try await fixture.client.execute(
                uri: replyPath, method: .post, headers: headers,
                body: ByteBuffer(string: #"{"text":"Je passe demain"}"#))
            #expect(reply.status == .accepted)
            let replied = try Self.decode(MessagingMessage.self, reply)
            #expect(replied.provider == "twilio" && replied.channel == "sms")
            let again = try await fixture.client.execute(
                uri: replyPath, method: .post, headers: headers,
                body: ByteBuffer(string: #"{"text":"Je passe demain"}"#))
            let replayed = try Self.decode(MessagingMessage.self, again)
            #expect(again.status == .ok && replayed.messageId == replied.messageId)
            try Fixture.problem(
                try await fixture.client.execute(
                    uri: replyPath, method: .post, headers: headers, body: ByteBuffer(string: #"{"text":"Autre"}"#)),
                .unprocessableContent)
            try Fixture.problem(
                try await fixture.client.execute(
                    uri: replyPath, method: .post, headers: account.headers,
                    body: ByteBuffer(string: #"{"text":"x","txet":"y"}"#)),
                .badRequest, type: "urn:auto-prospect:problem:unknown-field")

            // Read: nothing unread is left.
            let read = try await fixture.client.execute(
                uri: "/api/conversations/\(conversation.id)/read", method: .post, headers: account.headers)
            #expect(read.status == .noContent)
            #expect(try await Self.page(fixture, account, "?unread=true").items.isEmpty)
            #expect(
                try await Self.page(fixture, account, "?channel=sms&contact=06%2012%2034%2056%2078").items.count == 1)
            #expect(try await Self.page(fixture, account, "?channel=whatsapp").items.isEmpty)

            // Another account sees none of it.
            let other = try await fixture.account(name: "Other")
            #expect(try await Self.page(fixture, other).items.isEmpty)
            try Fixture.problem(
                try await fixture.get(other, "/api/conversations/\(conversation.id)"), .notFound,
                type: "urn:auto-prospect:problem:unknown-conversation")
            try Fixture.problem(
                try await fixture.client.execute(
                    uri: replyPath, method: .post, headers: other.headers, body: ByteBuffer(string: #"{"text":"x"}"#)),
                .notFound, type: "urn:auto-prospect:problem:unknown-conversation")

            // Bad query parameters are 400s that name them.
            for query in ["?channel=fax", "?unread=yes", "?contact=abc", "?after=nope", "?limit=0"] {
                try Fixture.problem(try await fixture.get(account, "/api/conversations\(query)"), .badRequest)
            }
        }
    }

    @Test func stopBlocksTheNumberAndFailsWhatWasStillUnsent() async throws {
        try await Fixture.with(consumingInbound: true) { fixture in
            let account = try await Self.webhooks.twilioAccount(fixture)
            // Nothing sends in this test: the message stays unsent until the STOP.
            let waiting = try await fixture.send(account)
            let before = try await fixture.smsCredits(account)
            let response = try await Self.webhooks.twilioCallback(
                fixture, accountID: account.id, Self.incoming("SMstop1", body: "Stop SMS"))
            #expect(response.status == .ok)
            let failed = await eventually(timeout: .seconds(20)) {
                (try? await fixture.message(account, waiting.messageId).status) == "failed"
            }
            try #require(failed)
            #expect(try await fixture.message(account, waiting.messageId).errorCode == "recipient_blocked")
            let after = try await fixture.smsCredits(account)
            #expect(after.available == before.available + 1 && after.held == 0)
            let blocked = try await fixture.get(account, "/api/contacts/blocked?phone=\(Self.contact)")
            #expect(String(buffer: blocked.body).contains("opt_out"))
            try Fixture.problem(
                try await fixture.post(account), .unprocessableContent,
                type: "urn:auto-prospect:problem:recipient-blocked")
            let entries = try #require(
                try Self.decode(
                    ConversationPageView.Item.self,
                    try await fixture.get(
                        account, "/api/conversations/\(try await Self.page(fixture, account).items[0].id)")
                ).messages)
            #expect(entries.last?.optOut == true)
        }
    }

    @Test func anSMSMobileAPIReplyJoinsTheSameKindOfConversation() async throws {
        try await Fixture.with(consumingInbound: true) { fixture in
            let account = try await Self.webhooks.smsMobileAPIAccount(fixture)
            let response = try await Self.webhooks.smsMobileAPIEvent(
                fixture, accountID: account.id, type: "sms.received",
                data: ["from": "0612345678", "message": "Bonjour", "received_at": "2026-11-23T10:00:00Z"])
            #expect(response.status == .accepted)
            let listed = await eventually(timeout: .seconds(20)) {
                (try? await Self.page(fixture, account).items.count) == 1
            }
            try #require(listed)
            let conversation = try await Self.page(fixture, account).items[0]
            #expect(conversation.provider == "smsmobileapi" && conversation.contactPhone == Self.contact)
        }
    }
}

/// The JSON of the conversation routes, as a client reads it.
private struct ConversationPageView: Decodable {
    struct Entry: Decodable {
        struct Media: Decodable {
            var type: String
            var mime: String?
            var url: String?
        }
        var direction: String
        var id: String
        var text: String
        var status: String?
        var optOut: Bool?
        var media: Media?
    }
    struct Item: Decodable {
        var id: String
        var channel: String
        var contactPhone: String
        var provider: String
        var unreadCount: Int
        var messages: [Entry]?
    }
    var items: [Item]
    var next: String?
}
