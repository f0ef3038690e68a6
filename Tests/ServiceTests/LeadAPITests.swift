import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// Leads through the gateway's router against the real Postgres: one per account and ad, stages forward only and
/// final ones final, notes and stage changes as activities, filters and paging, and another account's lead as
/// missing.
@Suite struct LeadAPITests {
    private typealias Fixture = MessagingFixture

    private func ad(_ fixture: Fixture, _ account: MessagingAccount, _ annonce: String) async throws {
        try await fixture.test.postgres.execute(
            "insert into ads (account_id, annonce_id, title, phone, raw) values ($1, $2, 'Clio', '+33612345678', '{}')",
            [account.uuid, annonce])
    }

    @Test func leadsMoveForwardWithActivitiesAndAreAccountScoped() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account()
            try await ad(fixture, account, "100")
            try await ad(fixture, account, "200")
            let opened = try await fixture.call(account, .post, "/api/leads", #"{"adId":"100"}"#)
            #expect(opened.status == .created && opened.json["stage"] as? String == "new")
            let id = try #require(opened.json["id"] as? String)
            let again = try await fixture.call(account, .post, "/api/leads", #"{"adId":"100"}"#)
            #expect(again.status == .ok && again.json["id"] as? String == id)
            #expect(try await fixture.call(account, .post, "/api/leads", #"{"adId":"999"}"#).status == .notFound)
            let unknownHunt = try await fixture.call(
                account, .post, "/api/leads", #"{"adId":"200","huntId":"\#(UUID().uuidString)"}"#)
            #expect(unknownHunt.status == .notFound)

            // Forward (skipping is fine), never back, nothing after a final stage.
            let contacted = try await fixture.call(account, .post, "/api/leads/\(id)/stage", #"{"stage":"replied"}"#)
            #expect(contacted.status == .ok && contacted.json["stage"] as? String == "replied")
            let back = try await fixture.call(account, .post, "/api/leads/\(id)/stage", #"{"stage":"contacted"}"#)
            #expect(back.status == .conflict)
            let unknown = try await fixture.call(account, .post, "/api/leads/\(id)/stage", #"{"stage":"hot"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(
                try await fixture.call(
                    account, .post, "/api/leads/\(id)/stage", #"{"stage":"won","note":"Vendue 7 800 €"}"#
                ).status == .ok)
            #expect(
                try await fixture.call(account, .post, "/api/leads/\(id)/stage", #"{"stage":"lost"}"#).status
                    == .conflict)
            #expect(
                try await fixture.call(account, .post, "/api/leads/\(id)/notes", #"{"text":"Rappeler lundi"}"#).status
                    == .created)
            let detail = try await fixture.call(account, .get, "/api/leads/\(id)")
            let activities = (detail.json["activities"] as? [[String: Any]]) ?? []
            #expect(activities.map { $0["kind"] as? String } == ["created", "stage", "stage", "note"])
            #expect(
                activities[2]["note"] as? String == "Vendue 7 800 €"
                    && activities[2]["fromStage"] as? String == "replied")

            // Filters and paging, newest first.
            let second = try await fixture.call(account, .post, "/api/leads", #"{"adId":"200"}"#)
            let secondID = try #require(second.json["id"] as? String)
            let won = try await fixture.call(account, .get, "/api/leads?stage=won")
            #expect((won.json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            let page = try await fixture.call(account, .get, "/api/leads?limit=1")
            #expect((page.json["items"] as? [[String: Any]])?.first?["id"] as? String == secondID)
            let next = try #require(page.json["next"] as? String)
            let rest = try await fixture.call(account, .get, "/api/leads?limit=1&after=\(next)")
            #expect((rest.json["items"] as? [[String: Any]])?.first?["id"] as? String == id && rest.json["next"] == nil)
            #expect(try await fixture.call(account, .get, "/api/leads?stage=hot").status == .unprocessableContent)

            let other = try await fixture.account(name: "Other")
            #expect(try await fixture.call(other, .get, "/api/leads/\(id)").status == .notFound)
            #expect(
                try await fixture.call(other, .post, "/api/leads/\(secondID)/stage", #"{"stage":"lost"}"#).status
                    == .notFound)
            #expect(try await fixture.call(other, .post, "/api/leads", #"{"adId":"100"}"#).status == .notFound)
            #expect((try await fixture.call(other, .get, "/api/leads").json["items"] as? [Any])?.isEmpty == true)
        }
    }
}
