import Foundation
import LocalStubServer
import Logging
import OutboundHTTP
import Testing
import VoicePartnerAPI

/// The client against a local Voice Partner that speaks the documented contract: campaigns taken, each
/// error code read as its kind, the 5-a-minute drop limit answered 429, a slow answer seen as unanswered,
/// and the audio list.
@Suite(.timeLimit(.minutes(1))) struct VoicePartnerClientTests {
    private static let key = "vp-key-0123456789"
    private static let logger = Logger(label: "voice-partner-tests") { _ in SwiftLogNoOpLogHandler() }

    private func withClient(
        _ stub: VoicePartnerStub, timeout: Duration = .seconds(5),
        _ body: (VoicePartnerClient) async throws -> Void
    ) async throws {
        try await LocalStubServer.run(router: stub.router()) { server in
            let http = OutboundHTTPClient(logger: Self.logger)
            defer { http.shutdown() }
            try await body(VoicePartnerClient(baseURL: server.url("/v1"), timeout: timeout, http: http))
        }
    }

    private func drop(_ count: Int, key: String = key) -> VoicePartnerDropRequest {
        VoicePartnerDropRequest(
            apiKey: key, tokenAudio: "tok-relance",
            phoneNumbers: (0..<count).map { "+336\(String(format: "%08d", $0))" }, sender: "+33611223344")
    }

    @Test func aCampaignIsTakenWithTheDocumentedBody() async throws {
        let stub = VoicePartnerStub(apiKey: Self.key)
        try await withClient(stub) { client in
            guard case .accepted(let id, let billed) = await client.send(drop(3)) else {
                Issue.record("the campaign was not taken")
                return
            }
            #expect(billed == 3)
            let campaign = try #require(await stub.campaigns.first)
            #expect(campaign.id == id && campaign.kind == "drop" && campaign.tokenAudio == "tok-relance")
            #expect(campaign.phoneNumbers.count == 3 && campaign.sender == "+33611223344")
            let tts = await client.send(
                VoicePartnerTTSRequest(apiKey: Self.key, text: "Bonjour", lang: "fr", phoneNumbers: ["+33612345678"]))
            guard case .accepted = tts else {
                Issue.record("the TTS call was not taken: \(tts)")
                return
            }
            #expect(await stub.campaigns.last?.text == "Bonjour")
        }
    }

    @Test(arguments: [nil, 200] as [Int?])
    func errorsAreReadByCodeInA200OrA4xx(_ errorStatus: Int?) async throws {
        let stub = VoicePartnerStub(apiKey: Self.key, credit: 10, errorStatus: errorStatus, dropLimitPerMinute: 100)
        try await withClient(stub) { client in
            let cases: [(VoicePartnerDropRequest, Int)] = [(drop(1, key: "wrong"), 10), (drop(11), 11)]
            for (request, code) in cases {
                guard case .refused(let refusal, _) = await client.send(request) else {
                    Issue.record("code \(code) was not a refusal")
                    continue
                }
                #expect(refusal.code == code && refusal.kind == .permanent)
            }
            // Over 500 numbers is refused before any request (Voice Partner would answer 50).
            let before = await stub.requestCount
            guard case .refused(let tooMany, _) = await client.send(drop(501)) else {
                Issue.record("501 numbers were sent")
                return
            }
            let after = await stub.requestCount
            #expect(tooMany.code == 50 && after == before)
            #expect(await stub.campaigns.isEmpty)
        }
    }

    @Test func theSixthDropRequestOfAMinuteIs429AndTransientScriptsAreTransient() async throws {
        let stub = VoicePartnerStub(apiKey: Self.key)
        try await withClient(stub) { client in
            for _ in 0..<5 {
                guard case .accepted = await client.send(drop(1)) else {
                    Issue.record("a request within the limit was refused")
                    return
                }
            }
            guard case .refused(let refusal, _) = await client.send(drop(1)) else {
                Issue.record("the sixth request of the minute was taken")
                return
            }
            #expect(refusal.kind == .rateLimited && refusal.httpStatus == 429)
            #expect(await stub.campaigns.count == 5)
        }
        let failing = VoicePartnerStub(apiKey: Self.key)
        await failing.script([.error(status: 500, code: 500)])
        try await withClient(failing) { client in
            guard case .refused(let refusal, _) = await client.send(drop(1)) else {
                Issue.record("a queueing failure was taken")
                return
            }
            #expect(refusal.kind == .transient)
        }
    }

    @Test func anAnswerSlowerThanTheTimeoutIsUnansweredThoughTheCampaignExists() async throws {
        let stub = VoicePartnerStub(apiKey: Self.key)
        await stub.script([.acceptAfter(.seconds(2))])
        try await withClient(stub, timeout: .milliseconds(500)) { client in
            guard case .unanswered(_, let transient) = await client.send(drop(2)) else {
                Issue.record("a timed-out request was read as answered")
                return
            }
            #expect(transient)
            try await Task.sleep(for: .seconds(2))
            #expect(await stub.campaigns.count == 1)
        }
    }

    @Test func theAudioListGivesNamesTokensAndDurations() async throws {
        let stub = VoicePartnerStub(apiKey: Self.key)
        try await withClient(stub) { client in
            let audios = try await client.audios(apiKey: Self.key)
            #expect(audios.map(\.token) == ["tok-relance", "tok-bienvenue"])
            #expect(audios.first?.seconds == 7)
            await #expect(throws: VoicePartnerRefusal.self) { try await client.audios(apiKey: "wrong") }
        }
    }
}
