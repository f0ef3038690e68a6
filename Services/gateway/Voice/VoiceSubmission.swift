import Domain
import Foundation
import Hummingbird
import MessageStore

/// A `POST /api/phone/ringless-voice` request checked against the gateway's rules, ready to be accepted: the
/// recipient and sender in E.164, Voice Partner credentials present, the schedule within 90 days; every
/// field's problem at once (422). One credit on the `voice` channel per message.
struct VoiceSubmission {
    static let route = "POST /api/phone/ringless-voice"

    let message: NewMessage

    init(
        _ request: SendVoiceRequest, accountID: UUID, idempotencyKey: String?, hasCredentials: Bool,
        rules: MessagingConfiguration, now: Date = Date()
    ) throws {
        var errors = request.fieldErrors()
        let recipient = try? PhoneNumber(request.recipient, defaultRegion: rules.defaultRegion)
        if recipient == nil {
            errors.append(
                .init(
                    field: "recipient",
                    message: "must be a phone number in E.164 (+33612345678) or national \(rules.defaultRegion) form"))
        }
        var sender: PhoneNumber?
        if let given = request.sender {
            sender = try? PhoneNumber(given, defaultRegion: rules.defaultRegion)
            if sender == nil { errors.append(.init(field: "sender", message: "must be a phone number")) }
        }
        if !hasCredentials {
            errors.append(
                .init(
                    field: request.audio == nil ? "text" : "audio",
                    message: "no Voice Partner credentials: store them at /api/channels/voice/credentials/voicepartner")
            )
        }
        let scheduledAt = request.scheduledDate.flatMap { $0 > now ? $0 : nil }
        if let scheduledAt, scheduledAt.timeIntervalSince(now) > SMSSubmission.maxScheduleAhead {
            errors.append(.init(field: "scheduledAt", message: "must be at most 90 days ahead"))
        }
        guard errors.isEmpty, let recipient else { throw StrictJSON.invalid(errors) }
        let content: VoiceContent
        if let audio = request.audio {
            content = .drop(tokenAudio: audio.tokenAudio, sender: sender?.e164)
        } else {
            content = .tts(
                text: request.text ?? "", lang: (request.lang ?? "fr").lowercased(), speechRate: request.speechRate)
        }
        message = NewMessage(
            accountID: accountID, channel: .voice, provider: "voicepartner", recipient: recipient,
            body: request.text ?? request.audio?.tokenAudio ?? "", segments: 1, idempotencyKey: idempotencyKey,
            correlationID: request.correlationId, scheduledAt: scheduledAt, voice: content.json,
            requestFingerprint: try Self.fingerprint(request, recipient: recipient, content: content))
    }

    /// Every field after normalisation, as ``SMSSubmission/fingerprint(_:recipient:route:)`` does for SMS.
    static func fingerprint(_ request: SendVoiceRequest, recipient: PhoneNumber, content: VoiceContent) throws
        -> String
    {
        var fingerprint = RequestFingerprint(route: route)
        fingerprint.add("recipient", recipient.e164)
        fingerprint.add("voice", content.json)
        fingerprint.add(
            "scheduledAt", request.scheduledDate.map { String(Int64(($0.timeIntervalSince1970 * 1000).rounded())) })
        fingerprint.add("correlationId", request.correlationId)
        return try fingerprint.sha256Hex()
    }
}
