import Domain
import Foundation
import Hummingbird
import MessageStore
import Postgres
import VoicePartnerAPI

/// Ringless voicemail and text-to-speech calls, under `/api` (behind ``AccountAuthMiddleware``):
///
/// - `POST /api/phone/ringless-voice` (``SendVoiceRequest``, optional `Idempotency-Key`) → 202
///   ``MessageResource``, as `POST /api/phone/sms` answers (``MessageAcceptance``); the `voice.send` job then
///   makes the message a member of its campaign (voice-sender);
/// - `PUT /api/channels/voice/credentials/voicepartner {apiKey, sender?}` → 204 (sealed, never returned);
/// - `GET /api/channels/voice/audios` → `{"audios": [{name, token, duration, seconds}]}`: the account's
///   validated audio files from Voice Partner (`/v1/audios/{apiKey}`); 502 when Voice Partner refuses or is
///   unreachable, 422 without credentials.
struct VoiceController: Sendable {
    let dispatcher: MessageDispatcher
    let credentials: ChannelCredentialStore
    let voicePartner: VoicePartnerClient
    let rules: MessagingConfiguration

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.post("phone/ringless-voice") { request, context in try await send(request, context: context) }
        group.put("channels/voice/credentials/voicepartner") { request, context in
            try await saveCredentials(request, context: context)
        }
        group.get("channels/voice/audios") { _, context in try await audios(context) }
    }

    func send(_ request: Request, context: AccountRequestContext) async throws -> Response {
        let key = try IdempotencyKey.read(from: request)
        let body = try await request.decodeStrict(SendVoiceRequest.self, context: context)
        let submission = try VoiceSubmission(
            body, accountID: context.accountID, idempotencyKey: key,
            hasCredentials: try await account(context.accountID) != nil, rules: rules)
        return try await MessageAcceptance.respond(
            accepting: submission.message, dispatcher: dispatcher, context: context, label: "voice message accepted")
    }

    private func saveCredentials(_ request: Request, context: AccountRequestContext) async throws -> Response {
        let body = try await request.decodeStrict(VoicePartnerCredentialsRequest.self, context: context)
        let sender = try body.sender.map { given in
            guard let number = try? PhoneNumber(given, defaultRegion: rules.defaultRegion) else {
                throw StrictJSON.invalid([.init(field: "sender", message: "must be a phone number")])
            }
            return number.e164
        }
        try await credentials.save(
            accountID: context.accountID, channel: .voice, provider: VoicePartnerCredentials.provider,
            secret: VoicePartnerCredentials(apiKey: body.apiKey, sender: sender).encoded())
        context.logger.info(
            "Channel credential stored",
            metadata: [
                "account.id": "\(context.accountID)", "channel.name": "voice", "provider.name": "voicepartner",
            ])
        return Response(status: .noContent)
    }

    private func audios(_ context: AccountRequestContext) async throws -> Response {
        guard let stored = try await account(context.accountID) else {
            throw ProblemDetails(
                status: .unprocessableContent, type: "urn:auto-prospect:problem:credentials-missing",
                detail: "Store Voice Partner credentials at /api/channels/voice/credentials/voicepartner first.")
        }
        let list: [VoicePartnerAudioList.Audio]
        do {
            list = try await voicePartner.audios(apiKey: stored.apiKey)
        } catch let refusal as VoicePartnerRefusal {
            throw ProblemDetails(
                status: .badGateway, type: "urn:auto-prospect:problem:provider-refused",
                detail: "Voice Partner refused to list the audio files: \(refusal.explanation).")
        } catch {
            throw ProblemDetails(
                status: .badGateway, type: "urn:auto-prospect:problem:provider-unreachable",
                detail: "Voice Partner could not be reached.")
        }
        return try Response.json(VoiceAudioList(list))
    }

    /// The account's Voice Partner credentials, or nil.
    private func account(_ accountID: UUID) async throws -> VoicePartnerCredentials? {
        do {
            let credential = try await credentials.open(
                accountID: accountID, channel: .voice, provider: VoicePartnerCredentials.provider)
            return VoicePartnerCredentials.decode(credential.secret)
        } catch .credentialNotFound {
            return nil
        }
    }
}

/// `PUT /api/channels/voice/credentials/voicepartner` body.
struct VoicePartnerCredentialsRequest: StrictJSONBody {
    static let fields: Set<String> = ["apiKey", "sender"]
    static let optionalFields: Set<String> = ["sender"]
    var apiKey: String
    var sender: String?

    func validationErrors() -> [ProblemDetails.FieldError] {
        AccountFieldRules.token(apiKey, field: "apiKey")
    }
}

/// `GET /api/channels/voice/audios` answer.
struct VoiceAudioList: Codable, Sendable {
    struct Audio: Codable, Sendable {
        var name: String
        var token: String
        /// As Voice Partner gives it (`m:ss`).
        var duration: String?
        var seconds: Int?
    }

    var audios: [Audio]

    init(_ list: [VoicePartnerAudioList.Audio]) {
        audios = list.map { Audio(name: $0.name, token: $0.token, duration: $0.duration, seconds: $0.seconds) }
    }
}
