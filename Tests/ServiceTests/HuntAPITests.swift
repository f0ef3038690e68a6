import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// Hunts through the gateway's router against the real Postgres: a full definition saved and read back, every
/// bad field named by its path (templates of the wrong channel or of another account included), pause, resume,
/// patch, paging, delete, and another account's hunt as missing.
@Suite struct HuntAPITests {
    private typealias Fixture = MessagingFixture

    private func template(_ fixture: Fixture, _ account: MessagingAccount, channel: String) async throws -> String {
        let body =
            channel == "voice"
            ? #"{"name":"v","channel":"voice","tokenAudio":"tok-relance"}"#
            : #"{"name":"t","channel":"\#(channel)","text":"Bonjour {vendeur_nom}, votre {marque} ?"}"#
        let created = try await fixture.call(account, .post, "/api/templates", body)
        return try #require(created.json["id"] as? String)
    }

    @Test func huntsAreValidatedByFieldPausedPatchedPagedAndAccountScoped() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account()
            let sms = try await template(fixture, account, channel: "sms")
            let voice = try await template(fixture, account, channel: "voice")
            let whatsapp = try await template(fixture, account, channel: "whatsapp")
            let body = """
                {"name":"208 autour de Lyon","squidId":"squid-lyon",
                 "criteria":{"category":"Voitures","brands":["Peugeot"],"models":["208"],"price":{"max":10000},
                   "year":{"min":2015},"mileage":{"max":150000},"requireLowPrice":true,
                   "center":{"lat":45.764,"lng":4.8357},"radiusKm":30,"adAgeDays":{"max":7}},
                 "steps":[{"channels":["voice","whatsapp","sms"],"templates":{"voice":"\(voice)","whatsapp":"\(whatsapp)","sms":"\(sms)"}},
                   {"afterDays":3,"channels":["sms"],"templates":{"sms":"\(sms)"}}],
                 "dailyLimit":50,"window":{"days":[1,2,3,4,5],"from":"09:00","to":"19:00","timeZone":"Europe/Paris"}}
                """
            let created = try await fixture.call(account, .post, "/api/hunts", body)
            #expect(created.status == .created && created.json["status"] as? String == "active")
            let id = try #require(created.json["id"] as? String)
            let read = try await fixture.call(account, .get, "/api/hunts/\(id)")
            #expect((read.json["criteria"] as? [String: Any])?["radiusKm"] as? Double == 30)
            #expect((read.json["steps"] as? [[String: Any]])?.count == 2 && read.json["dailyLimit"] as? Int == 50)

            // Every bad field, by its path.
            let other = try await fixture.account(name: "Other")
            let foreign = try await template(fixture, other, channel: "sms")
            let bad = """
                {"name":"","criteria":{"price":{"min":5000,"max":100},"year":{"min":1800},"center":{"lat":95,"lng":4},
                   "brands":[]},
                 "steps":[{"afterDays":2,"channels":["sms","fax"],"templates":{"sms":"\(foreign)"}},
                   {"channels":["voice"],"templates":{"voice":"\(sms)","sms":"\(sms)"}}],
                 "dailyLimit":0,"window":{"days":[0,1],"from":"19:00","to":"09:00","timeZone":"Mars/Olympus"}}
                """
            let refused = try await fixture.call(account, .post, "/api/hunts", bad)
            #expect(refused.status == .unprocessableContent)
            #expect(
                Fixture.fields(refused.json) == [
                    "criteria.brands", "criteria.center.lat", "criteria.price", "criteria.radiusKm",
                    "criteria.year.min",
                    "dailyLimit", "name", "steps[0].afterDays", "steps[0].channels", "steps[0].templates.sms",
                    "steps[1].afterDays", "steps[1].templates.sms", "steps[1].templates.voice", "window.days",
                    "window.timeZone", "window.to",
                ])
            let misspelt = try await fixture.call(
                account, .post, "/api/hunts",
                #"{"name":"x","criteria":{"radius":3},"steps":[{"channels":["sms"],"templates":{"sms":"\#(sms)"}}]}"#)
            #expect(misspelt.status == .badRequest)
            // A postcode centre and A/B variants are checked like the rest.
            let variants = try await fixture.call(
                account, .post, "/api/hunts",
                #"{"name":"x","criteria":{"postcode":"6900","radiusKm":5},"steps":[{"channels":["sms"],"#
                    + #""templates":{"sms":"\#(sms)"},"variants":[{"sms":"\#(foreign)"},{"voice":"\#(sms)"}]}]}"#)
            #expect(
                Fixture.fields(variants.json) == [
                    "criteria.postcode", "steps[0].variants[0].sms", "steps[0].variants[1].sms",
                    "steps[0].variants[1].voice",
                ])
            let byPostcode = try await fixture.call(
                account, .post, "/api/hunts",
                #"{"name":"x","criteria":{"postcode":"69003","radiusKm":5},"steps":[{"channels":["sms"],"#
                    + #""templates":{"sms":"\#(sms)"},"variants":[{"sms":"\#(sms)"}]}]}"#)
            #expect(byPostcode.status == .created)
            let postcodeHunt = try #require(byPostcode.json["id"] as? String)
            #expect(try await fixture.call(account, .delete, "/api/hunts/\(postcodeHunt)").status == .noContent)

            // Pause, resume, patch, paging, delete.
            #expect(
                try await fixture.call(account, .post, "/api/hunts/\(id)/pause").json["status"] as? String == "paused")
            #expect(
                try await fixture.call(account, .post, "/api/hunts/\(id)/resume").json["status"] as? String == "active"
            )
            let patched = try await fixture.call(
                account, .patch, "/api/hunts/\(id)", #"{"dailyLimit":20,"name":"208"}"#)
            #expect(
                patched.status == .ok && patched.json["dailyLimit"] as? Int == 20
                    && patched.json["name"] as? String == "208")
            let badPatch = try await fixture.call(account, .patch, "/api/hunts/\(id)", #"{"steps":[]}"#)
            #expect(badPatch.status == .unprocessableContent && Fixture.fields(badPatch.json) == ["steps"])
            let second = try await fixture.call(
                account, .post, "/api/hunts",
                #"{"name":"Clio","steps":[{"channels":["sms"],"templates":{"sms":"\#(sms)"}}]}"#)
            #expect(second.status == .created)
            let first = try await fixture.call(account, .get, "/api/hunts?limit=1")
            #expect((first.json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            let next = try #require(first.json["next"] as? String)
            let last = try await fixture.call(account, .get, "/api/hunts?limit=1&after=\(next)")
            #expect(
                (last.json["items"] as? [[String: Any]])?.first?["name"] as? String == "Clio"
                    && last.json["next"] == nil)

            for (method, path) in [
                (HTTPRequest.Method.get, "/api/hunts/\(id)"), (.patch, "/api/hunts/\(id)"),
                (.post, "/api/hunts/\(id)/pause"),
                (.delete, "/api/hunts/\(id)"),
            ] {
                #expect(try await fixture.call(other, method, path, method == .patch ? "{}" : nil).status == .notFound)
            }
            #expect(try await fixture.call(account, .delete, "/api/hunts/\(id)").status == .noContent)
            #expect(try await fixture.call(account, .get, "/api/hunts/\(id)").status == .notFound)
        }
    }
}
