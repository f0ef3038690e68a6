import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// Message templates through the gateway's router against the real Postgres: the seed's placeholders in either
/// brace style, an unknown one refused by name at save time, SMS segments, a preview against an ad with the
/// French price, voice templates, and another account's template as missing.
@Suite struct TemplateAPITests {
    private typealias Fixture = MessagingFixture

    @Test func templatesArePlaceholderCheckedSegmentedAndPreviewedAgainstAnAd() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account()
            let created = try await fixture.call(
                account, .post, "/api/templates",
                #"{"name":"Premier contact","channel":"sms","text":"Bonjour {vendeur_nom}, votre {{marque}} {modele} de {annee} à {prix} ({ville}) : {titre_annonce} ?"}"#
            )
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            #expect(
                created.json["placeholders"] as? [String] == [
                    "vendeur_nom", "marque", "modele", "annee", "prix", "ville", "titre_annonce",
                ])
            #expect((created.json["segments"] as? [String: Any])?["encoding"] as? String == "GSM-7")

            // Bad input, every field named; an unknown placeholder by its name.
            let unknown = try await fixture.call(
                account, .post, "/api/templates",
                #"{"name":"x","channel":"sms","text":"Salut {prenom} {{km}}"}"#)
            #expect(unknown.status == .unprocessableContent && Fixture.fields(unknown.json) == ["text"])
            let message = ((unknown.json["errors"] as? [[String: Any]])?.first?["message"] as? String) ?? ""
            #expect(message.contains("{prenom}") && message.contains("{km}"))
            let bad = try await fixture.call(
                account, .post, "/api/templates", #"{"name":" ","channel":"fax","tokenAudio":"a b"}"#)
            #expect(
                bad.status == .unprocessableContent && Fixture.fields(bad.json) == ["channel", "name", "tokenAudio"])
            let smsAudio = try await fixture.call(
                account, .post, "/api/templates", #"{"name":"a","channel":"sms","tokenAudio":"tok"}"#)
            #expect(Fixture.fields(smsAudio.json) == ["tokenAudio"])
            let misspelt = try await fixture.call(
                account, .post, "/api/templates", #"{"name":"a","channel":"sms","txt":"Bonjour"}"#)
            #expect(misspelt.status == .badRequest)

            // A preview against one of the account's ads.
            try await fixture.test.postgres.execute(
                """
                insert into ads (account_id, annonce_id, title, price, brand, model, model_year, city, owner_name, raw)
                values ($1, '2715494476', 'Peugeot 208 Active', 12500, 'Peugeot', '208', 2019, 'Lyon', 'Jean-Marc', '{}')
                """,
                [account.uuid])
            let preview = try await fixture.call(
                account, .post, "/api/templates/\(id)/preview", #"{"adId":"2715494476"}"#)
            #expect(preview.status == .ok)
            #expect(
                preview.json["text"] as? String
                    == "Bonjour Jean-Marc, votre Peugeot 208 de 2019 à 12 500 € (Lyon) : Peugeot 208 Active ?")
            #expect((preview.json["segments"] as? [String: Any])?["count"] as? Int == 1)
            #expect(
                try await fixture.call(account, .post, "/api/templates/\(id)/preview", #"{"adId":"999"}"#).status
                    == .notFound)

            // A voice drop template; a patch that makes it a text to read.
            let voice = try await fixture.call(
                account, .post, "/api/templates",
                #"{"name":"Relance","channel":"voice","tokenAudio":"tok-relance"}"#)
            #expect(voice.status == .created && voice.json["segments"] == nil)
            let voiceID = try #require(voice.json["id"] as? String)
            let patched = try await fixture.call(
                account, .patch, "/api/templates/\(voiceID)", #"{"text":"Bonjour {vendeur_nom}"}"#)
            #expect(
                patched.status == .ok && patched.json["tokenAudio"] == nil && patched.json["text"] as? String != nil)
            let listed = try await fixture.call(account, .get, "/api/templates?channel=voice")
            #expect((listed.json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [voiceID])

            // Another account sees none of it.
            let other = try await fixture.account(name: "Other")
            #expect(try await fixture.call(other, .get, "/api/templates/\(id)").status == .notFound)
            #expect(
                try await fixture.call(other, .post, "/api/templates/\(id)/preview", #"{"adId":"2715494476"}"#).status
                    == .notFound)
            #expect(try await fixture.call(other, .delete, "/api/templates/\(id)").status == .notFound)
            #expect(try await fixture.call(account, .delete, "/api/templates/\(id)").status == .noContent)
            #expect(try await fixture.call(account, .get, "/api/templates/\(id)").status == .notFound)
        }
    }
}
