import Domain
import Foundation
import Gateway
import Hummingbird
import MessageStore
import Testing

/// The do-not-contact list (`/api/contacts/blocked`) and its effect on sending, through the gateway's router
/// against the real Postgres and Redis.
@Suite struct BlockedContactsAPITests {
    private typealias Fixture = MessagingFixture

    private static let blockedType = "urn:auto-prospect:problem:recipient-blocked"

    @Test func aBlockedNumberIsRefusedBeforeAnythingIsStoredOrHeldAndSendsAgainOnceUnblocked() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            // Blocked in national form; the list stores E.164.
            let added = try await block(fixture, account, #"{"phone":"06 12 34 56 78","reason":"asked by phone"}"#)
            #expect(added.status == .created)
            let entry = try Fixture.decode(BlockedContactResource.self, added)
            #expect(entry.phone == Fixture.e164Recipient && entry.reason == "asked by phone")
            // Again: the first entry stands, 200.
            let again = try await block(fixture, account, #"{"phone":"+33612345678"}"#)
            #expect(again.status == .ok)
            #expect(try Fixture.decode(BlockedContactResource.self, again).reason == "asked by phone")

            let refused = try await fixture.post(account, recipient: Fixture.nationalRecipient)
            try Fixture.problem(refused, .unprocessableContent, type: Self.blockedType)
            #expect(try await fixture.storedMessages(account) == 0)
            let credits = try await fixture.smsCredits(account)
            #expect(credits.held == 0 && credits.available == 5)

            // The store's accept refuses every channel's message (the WhatsApp and voice routes use it too).
            let whatsapp = NewMessage(
                accountID: account.uuid, channel: .whatsapp, recipient: try PhoneNumber(Fixture.e164Recipient),
                body: "Bonjour", segments: 1)
            await #expect(throws: MessageStoreError.self) { _ = try await fixture.messages.accept(whatsapp) }
            #expect(try await fixture.storedMessages(account) == 0)

            // Another number still sends; another account is not affected.
            #expect(try await fixture.post(account, recipient: "+33700000001").status == .accepted)
            let other = try await fixture.account(name: "Other", credits: 5)
            #expect(try await fixture.post(other, recipient: Fixture.nationalRecipient).status == .accepted)

            let removed = try await fixture.client.execute(
                uri: "/api/contacts/blocked/%2B33612345678", method: .delete, headers: account.headers)
            #expect(removed.status == .noContent)
            let missing = try await fixture.client.execute(
                uri: "/api/contacts/blocked/%2B33612345678", method: .delete, headers: account.headers)
            try Fixture.problem(missing, .notFound, type: "urn:auto-prospect:problem:unknown-blocked-contact")
            #expect(try await fixture.post(account, recipient: Fixture.nationalRecipient).status == .accepted)
        }
    }

    @Test func aReplayOfAKeyAcceptedBeforeTheBlockStillAnswersTheFirstMessage() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            let key = "before-block-\(UUID().uuidString)"
            let first = try await fixture.post(account, idempotencyKey: key)
            #expect(first.status == .accepted)
            #expect(try await block(fixture, account, #"{"phone":"+33612345678"}"#).status == .created)
            let replay = try await fixture.post(account, idempotencyKey: key)
            #expect(replay.status == .ok)
            #expect(replay.headers[MessagingFixture.replayedHeader] == "true")
            let fresh = try await fixture.post(account, idempotencyKey: "after-block-\(UUID().uuidString)")
            try Fixture.problem(fresh, .unprocessableContent, type: Self.blockedType)
            #expect(try await fixture.storedMessages(account) == 1)
        }
    }

    @Test func aCSVOfThousandsIsImportedAtOnceAndListedInPages() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            #expect(try await block(fixture, account, #"{"phone":"+33600000007"}"#).status == .created)
            // 3,000 numbers, one with its own reason, one repeated, one already listed, a header and blank lines.
            var lines = ["phone,reason"]
            for index in 0..<3_000 { lines.append(String(format: "+336%08d", index)) }
            lines[2] = "\"+33600000001\",opt-out by mail"
            lines.append("+33600000002")
            lines.append("")
            let imported = try await csv(fixture, account, lines.joined(separator: "\r\n"))
            #expect(imported.status == .ok)
            let result = try Fixture.decode(BlockedContactImportResult.self, imported)
            #expect(result.received == 3_001 && result.added == 2_999 && result.alreadyBlocked == 1)

            var seen: [String] = []
            var after: String?
            repeat {
                let query = after.map { "&after=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
                let page = try Fixture.decode(
                    BlockedContactPage.self,
                    try await fixture.get(account, "/api/contacts/blocked?limit=500\(query ?? "")"))
                #expect(page.total == 3_000)
                seen += page.items.map(\.phone)
                after = page.next
            } while after != nil
            #expect(seen.count == 3_000 && Set(seen).count == 3_000 && seen == seen.sorted())

            let one = try Fixture.decode(
                BlockedContactPage.self, try await fixture.get(account, "/api/contacts/blocked?phone=0600000001"))
            #expect(one.items.map(\.reason) == ["opt-out by mail"])
            let manual = try Fixture.decode(
                BlockedContactPage.self, try await fixture.get(account, "/api/contacts/blocked?phone=%2B33600000007"))
            #expect(manual.items.map(\.reason) == ["manual"])
            #expect(try await fixture.post(account, recipient: "+33600002999").status == .unprocessableContent)
        }
    }

    @Test func badInputIsRefusedWholeAndNamesTheLineNeverTheNumber() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 5)
            let badCSV = try await csv(fixture, account, "+33611111111\nnot-a-number-0612\n+33622222222,\n")
            let problem = try Fixture.problem(
                badCSV, .unprocessableContent, type: "urn:auto-prospect:problem:validation")
            #expect(problem.errors?.map(\.field) == ["line 2"])
            #expect(!String(buffer: badCSV.body).contains("not-a-number"))
            let page = try Fixture.decode(
                BlockedContactPage.self, try await fixture.get(account, "/api/contacts/blocked"))
            #expect(page.total == 0)

            let unknown = try await block(fixture, account, #"{"phone":"+33611111111","why":"x"}"#)
            try Fixture.problem(unknown, .badRequest, type: "urn:auto-prospect:problem:unknown-field")
            let badPhone = try await block(fixture, account, #"{"phone":"12"}"#)
            let phoneProblem = try Fixture.problem(
                badPhone, .unprocessableContent, type: "urn:auto-prospect:problem:validation")
            #expect(phoneProblem.errors?.map(\.field) == ["phone"])
            let longReason = try await block(
                fixture, account, "{\"phone\":\"+33611111111\",\"reason\":\"\(String(repeating: "r", count: 101))\"}")
            try Fixture.problem(longReason, .unprocessableContent, type: "urn:auto-prospect:problem:validation")
            let badLimit = try await fixture.get(account, "/api/contacts/blocked?limit=0")
            try Fixture.problem(badLimit, .badRequest)
            #expect(
                try Fixture.decode(BlockedContactPage.self, try await fixture.get(account, "/api/contacts/blocked"))
                    .total == 0)
        }
    }

    private func block(_ fixture: Fixture, _ account: MessagingAccount, _ body: String) async throws -> TestResponse {
        try await fixture.client.execute(
            uri: "/api/contacts/blocked", method: .post, headers: account.headers, body: ByteBuffer(string: body))
    }

    private func csv(_ fixture: Fixture, _ account: MessagingAccount, _ text: String) async throws -> TestResponse {
        var headers = account.headers
        headers[.contentType] = "text/csv"
        return try await fixture.client.execute(
            uri: "/api/contacts/blocked", method: .post, headers: headers, body: ByteBuffer(string: text))
    }
}
