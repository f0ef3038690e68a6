import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// `GET /api/messages` through the gateway's router against the real Postgres: filters, keyset pages that
/// together give every message once in order, another account's messages unseen, and every bad parameter named.
@Suite struct MessageSearchAPITests {
    private typealias Fixture = MessagingFixture

    private func ids(_ json: [String: Any]) -> [String] {
        ((json["items"] as? [[String: Any]]) ?? []).compactMap { $0["messageId"] as? String }
    }

    @Test func filtersAndKeysetPagesFindTheAccountsMessagesOnly() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account(credits: 20)
            let other = try await fixture.account(name: "Other", credits: 5)
            var sent: [String] = []
            for index in 0..<7 {
                let response = try await fixture.post(
                    account, text: "Bonjour \(index)",
                    recipient: index < 3 ? Fixture.nationalRecipient : "+3361100000\(index)",
                    extra: ["correlationId": index < 3 ? "crm-1" : "crm-\(index)"])
                try #require(response.status == .accepted)
                let message = try Fixture.decode(MessagingMessage.self, response)
                sent.append(message.messageId)
            }
            _ = try await fixture.send(other, extra: ["correlationId": "crm-1"])
            let newestFirst = Array(sent.reversed())

            let all = try await fixture.call(account, .get, "/api/messages")
            #expect(all.status == .ok && ids(all.json) == newestFirst && all.json["nextCursor"] == nil)

            // Pages of 3: 3 + 3 + 1, each page after the last one's cursor, nothing twice.
            var paged: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await fixture.call(
                    account, .get, "/api/messages?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(page.status == .ok)
                paged += ids(page.json)
                cursor = page.json["nextCursor"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(paged == newestFirst && pages == 3)

            let byNumber = try await fixture.call(account, .get, "/api/messages?recipient=06%2012%2034%2056%2078")
            #expect(ids(byNumber.json) == Array(newestFirst.suffix(3)))
            let byE164 = try await fixture.call(account, .get, "/api/messages?recipient=%2B33612345678")
            #expect(ids(byE164.json) == ids(byNumber.json))
            let byCorrelation = try await fixture.call(account, .get, "/api/messages?correlationId=crm-5")
            #expect(ids(byCorrelation.json) == [sent[5]])
            let firstThree = try await fixture.call(account, .get, "/api/messages?correlationId=crm-1&limit=2")
            #expect(ids(firstThree.json) == [sent[2], sent[1]] && firstThree.json["nextCursor"] is String)

            try await fixture.markSent(
                try await fixture.message(account, sent[4]), provider: "sandbox", providerMessageID: "SB-4")
            let sentOnes = try await fixture.call(account, .get, "/api/messages?status=sent&channel=sms")
            #expect(ids(sentOnes.json) == [sent[4]])
            #expect(ids(try await fixture.call(account, .get, "/api/messages?channel=whatsapp").json).isEmpty)
            #expect(ids(try await fixture.call(account, .get, "/api/messages?huntId=\(UUID())").json).isEmpty)
            let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
            let earlier = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
            #expect(ids(try await fixture.call(account, .get, "/api/messages?from=\(later)").json).isEmpty)
            #expect(
                ids(try await fixture.call(account, .get, "/api/messages?from=\(earlier)&to=\(later)").json)
                    == newestFirst)

            let bad = try await fixture.call(
                account, .get,
                "/api/messages?status=lost&channel=fax&recipient=abc&huntId=x&from=yesterday&to=2026-13-01&cursor=zzz")
            #expect(bad.status == .unprocessableContent)
            #expect(Fixture.fields(bad.json) == ["channel", "cursor", "from", "huntId", "recipient", "status", "to"])
            #expect(try await fixture.call(account, .get, "/api/messages?limit=0").status == .badRequest)
        }
    }
}
