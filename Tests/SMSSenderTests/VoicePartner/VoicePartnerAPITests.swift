import Foundation
import Testing
import VoicePartnerAPI

/// The Voice Partner contract of PROVIDERS.md §2, without I/O: request bodies, answers and their codes,
/// callbacks, the audio list, and the batching of drops into campaigns.
@Suite struct VoicePartnerAPITests {
    private func object(_ bytes: [UInt8]?) throws -> [String: String] {
        let body = try #require(bytes)
        let decoded = try JSONSerialization.jsonObject(with: Data(body))
        return try #require(decoded as? [String: String])
    }

    @Test func aDropCampaignCarriesTheKeyInTheBodyAndCommaSeparatedNumbers() throws {
        // 2026-05-04 08:15 UTC is 10:15 in Paris (summer time).
        let at = Date(timeIntervalSince1970: 1_777_882_500)
        let request = VoicePartnerDropRequest(
            apiKey: "key", tokenAudio: "tok", phoneNumbers: ["+33612345678", "+33698765432"], sender: "+33611223344",
            scheduledAt: at, notifyURL: "https://gw.example.fr/webhooks/voicepartner/a?secret=s")
        let body = try object(request.body())
        #expect(body["apiKey"] == "key" && body["tokenAudio"] == "tok")
        #expect(body["phoneNumbers"] == "+33612345678,+33698765432" && body["sender"] == "+33611223344")
        #expect(body["scheduledDate"] == "2026-05-04 10:15:00")
        #expect(body["notifyUrl"] == "https://gw.example.fr/webhooks/voicepartner/a?secret=s")
        #expect(body["emailForNotification"] == nil)
        let full = VoicePartnerDropRequest(
            apiKey: "k", tokenAudio: "t", phoneNumbers: (0..<501).map { "+3361234\(String(format: "%04d", $0))" })
        #expect(full.body() == nil)
        #expect(VoicePartnerDropRequest(apiKey: "k", tokenAudio: "t", phoneNumbers: []).body() == nil)
    }

    @Test func aTextToSpeechCallSendsTextLanguageAndARateWithinBounds() throws {
        let body = try object(
            VoicePartnerTTSRequest(
                apiKey: "k", text: "Bonjour, votre annonce", lang: "fr", speechRate: 1.5, phoneNumbers: ["+33612345678"]
            ).body())
        #expect(body["text"] == "Bonjour, votre annonce" && body["lang"] == "fr" && body["speechRate"] == "1.5")
        #expect(
            VoicePartnerTTSRequest(apiKey: "k", text: "x", lang: "fr", speechRate: 3, phoneNumbers: ["+33612345678"])
                .body() == nil)
    }

    @Test func answersAreReadByTheirCodeNotTheirText() {
        let accepted = Array(#"{"success":true,"campaignId":"C1","cost":0.3,"currency":"EUR","nbSms":2}"#.utf8)
        #expect(VoicePartnerAnswer(status: 200, body: accepted) == .accepted(campaignID: "C1", billed: 2, cost: 0.3))
        let cases: [(Int, String, Int?, VoicePartnerRefusal.Kind)] = [
            (200, #"{"success":false,"code":10,"message":"Clé API incorrecte"}"#, 10, .permanent),
            (401, #"{"success":false,"code":10,"message":"Clé API incorrecte"}"#, 10, .permanent),
            (400, #"{"success":false,"code":11,"message":"Crédit insuffisant"}"#, 11, .permanent),
            (200, #"{"success":false,"code":50,"message":"500 maxi"}"#, 50, .permanent),
            (200, #"{"success":false,"code":90,"message":"JSON"}"#, 90, .permanent),
            (429, #"{"success":false,"code":429,"message":"Too Many Requests"}"#, 429, .rateLimited),
            (200, #"{"success":false,"code":500,"message":"file"}"#, 500, .transient),
            (502, "<html>bad gateway</html>", nil, .transient),
            (200, #"{"success":true}"#, nil, .transient),
        ]
        for (status, body, code, kind) in cases {
            guard case .refused(let refusal) = VoicePartnerAnswer(status: status, body: Array(body.utf8)) else {
                Issue.record("\(status) \(body) was read as accepted")
                continue
            }
            #expect(refusal.code == code && refusal.kind == kind, "\(status) \(body)")
            #expect(!refusal.explanation.contains("Clé") && !refusal.explanation.contains("Crédit"))
        }
    }

    @Test func callbacksAndTheAudioListAreRead() throws {
        let drop = try #require(
            VoicePartnerDropCallback(query: [
                "campaign_token": "oiT", "campaign_id": "NDA_1", "delivered_quantity": "3", "total_quantity": "5",
            ]))
        #expect(drop.campaignID == "NDA_1" && drop.delivered == 3 && drop.total == 5)
        #expect(
            VoicePartnerDropCallback(query: ["campaign_id": "x", "delivered_quantity": "6", "total_quantity": "5"])
                == nil)
        #expect(VoicePartnerDropCallback(query: ["delivered_quantity": "1", "total_quantity": "1"]) == nil)

        let tts = try #require(
            VoicePartnerTTSCallback.decode(
                Array(
                    #"{"campaignId":"X","status":"delivered","additionnal_status":"VOICE_ANSWERED","phoneNumber":"0033612345678","duration":6}"#
                        .utf8)))
        #expect(tts.status == "delivered" && tts.additionalStatus == "VOICE_ANSWERED" && tts.e164 == "+33612345678")

        let audios = try #require(
            VoicePartnerAudioList.decode(
                Array(
                    #"{"success":true,"nb_datas":1,"datas":[{"name":"relance","token":"tok1","size":"104.5Ko","duration":"1:07"}]}"#
                        .utf8)))
        #expect(audios.datas.map(\.token) == ["tok1"] && audios.datas.first?.seconds == 67)
    }
}
