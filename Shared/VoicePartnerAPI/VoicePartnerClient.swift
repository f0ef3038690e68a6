import Foundation
import OutboundHTTP

/// Voice Partner over HTTP (PROVIDERS.md §2): `POST /campaign/send`, `POST /tts/send`, `GET /audios/{apiKey}`.
/// The base URL is `https://api.voicepartner.fr/v1` in production and a local stub in tests.
package struct VoicePartnerClient: Sendable {
    package static let productionURL = "https://api.voicepartner.fr/v1"

    let baseURL: String
    let timeout: Duration
    let http: OutboundHTTPClient

    package init(baseURL: String = productionURL, timeout: Duration = .seconds(15), http: OutboundHTTPClient) {
        self.baseURL = baseURL
        self.timeout = timeout
        self.http = http
    }

    /// Drops `request.tokenAudio` on every number of the request (one campaign).
    package func send(_ request: VoicePartnerDropRequest) async -> VoicePartnerSendResult {
        await post(VoicePartnerDropRequest.path, request.body())
    }

    /// One text-to-speech campaign.
    package func send(_ request: VoicePartnerTTSRequest) async -> VoicePartnerSendResult {
        await post(VoicePartnerTTSRequest.path, request.body())
    }

    /// The account's validated audio files; throws ``VoicePartnerRefusal`` when Voice Partner refuses (a bad
    /// key is code 10), ``OutboundHTTPError`` when it cannot be reached.
    package func audios(apiKey: String) async throws -> [VoicePartnerAudioList.Audio] {
        // A path segment: unreserved characters stay, anything else (a "/" above all) is escaped.
        let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let key = apiKey.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
        var request = OutboundRequest(method: .get, url: baseURL + "/audios/" + key, totalTimeout: timeout)
        request.provider = "voicepartner"
        request.headers.replaceOrAdd("Accept", "application/json")
        let response = try await http.send(request)
        if response.isSuccess, let list = VoicePartnerAudioList.decode(response.body) { return list.datas }
        guard case .refused(let refusal) = VoicePartnerAnswer(status: response.statusCode, body: response.body)
        else { throw VoicePartnerRefusal(code: nil, httpStatus: response.statusCode) }
        throw refusal
    }

    private func post(_ path: String, _ body: [UInt8]?) async -> VoicePartnerSendResult {
        guard let body else { return .refused(VoicePartnerRefusal(code: 50, httpStatus: 0), retryAfter: nil) }
        var request = OutboundRequest(method: .post, url: baseURL + path, totalTimeout: timeout)
        request.provider = "voicepartner"
        request.setBody(body, contentType: "application/json")
        request.headers.replaceOrAdd("Cache-Control", "no-cache")
        let response: OutboundResponse
        do {
            response = try await http.send(request)
        } catch {
            return .unanswered(reason: error.description, transient: error.isTransient)
        }
        switch VoicePartnerAnswer(status: response.statusCode, body: response.body) {
        case .accepted(let campaignID, let billed, _): return .accepted(campaignID: campaignID, billed: billed)
        case .refused(let refusal): return .refused(refusal, retryAfter: response.retryAfter)
        }
    }
}

/// What became of one send request.
package enum VoicePartnerSendResult: Sendable, Equatable {
    /// Voice Partner took the campaign.
    case accepted(campaignID: String, billed: Int?)
    /// Voice Partner said no; `retryAfter` when it said how long to wait.
    case refused(VoicePartnerRefusal, retryAfter: Duration?)
    /// No answer (connect failure, timeout): the campaign may or may not have been taken. `reason` names the
    /// endpoint only.
    case unanswered(reason: String, transient: Bool)
}

extension VoicePartnerRefusal: Error {}
