import Domain
import Foundation
import Hummingbird
import MessageStore

/// A `POST /api/phone/sms` request checked against the gateway's rules, ready to be accepted: the
/// recipient in E.164 (national numbers read in the default region), the text within the segment limit,
/// the provider resolved, the schedule within ``maxScheduleAhead``. Every field's problem is reported at
/// once (422).
struct SMSSubmission {
    /// How far ahead a message may be scheduled.
    static let maxScheduleAhead: TimeInterval = 90 * 86_400

    let message: NewMessage

    /// - Parameter configuredProviders: the SMS providers the account has credentials for.
    init(
        _ request: SendSMSRequest, accountID: UUID, idempotencyKey: String?, configuredProviders: Set<String>,
        rules: MessagingConfiguration, route: String = SMSSubmission.route, now: Date = Date()
    ) throws {
        var errors = request.fieldErrors()
        var recipient: PhoneNumber?
        do {
            recipient = try PhoneNumber(request.recipient, defaultRegion: rules.defaultRegion)
        } catch {
            errors.append(
                .init(
                    field: "recipient",
                    message: "must be a phone number in E.164 (+33612345678) or national \(rules.defaultRegion) form"))
        }
        let segments = SMSSegments(text: request.text)
        if segments.count > rules.maxSMSSegments {
            errors.append(
                .init(
                    field: "text",
                    message: "is \(segments.count) SMS segments (\(segments.encoding)); at most \(rules.maxSMSSegments)"
                ))
        }
        let provider = Self.provider(request.provider, configured: configuredProviders, sandbox: rules.smsSandbox)
        if case .refused(let error) = provider { errors.append(error) }
        let scheduledAt = request.scheduledDate.flatMap { $0 > now ? $0 : nil }
        if let scheduledAt, scheduledAt.timeIntervalSince(now) > Self.maxScheduleAhead {
            errors.append(.init(field: "scheduledAt", message: "must be at most 90 days ahead"))
        }
        guard errors.isEmpty, let recipient, case .chosen(let providerName) = provider else {
            throw StrictJSON.invalid(errors)
        }
        message = NewMessage(
            accountID: accountID, channel: .sms, provider: providerName, recipient: recipient, body: request.text,
            segments: segments.count, idempotencyKey: idempotencyKey, correlationID: request.correlationId,
            scheduledAt: scheduledAt,
            requestFingerprint: try Self.fingerprint(request, recipient: recipient, route: route))
    }

    /// The route of SMS sends, as their fingerprints name it.
    static let route = "POST /api/phone/sms"

    /// The request's fingerprint: every field after normalisation. The provider is the one asked for (not the
    /// one chosen, which follows the account's credentials), the schedule the instant asked for (even once
    /// past).
    static func fingerprint(_ request: SendSMSRequest, recipient: PhoneNumber, route: String = route) throws
        -> String
    {
        var fingerprint = RequestFingerprint(route: route)
        fingerprint.add("recipient", recipient.e164)
        fingerprint.add("text", request.text)
        fingerprint.add("provider", request.provider)
        fingerprint.add(
            "scheduledAt", request.scheduledDate.map { String(Int64(($0.timeIntervalSince1970 * 1000).rounded())) })
        fingerprint.add("correlationId", request.correlationId)
        return try fingerprint.sha256Hex()
    }

    /// The provider asked for, when the account can use it; else the account's own (SMSMobileAPI first:
    /// it sends from the customer's phone), else the sandbox when enabled. The sandbox is never chosen
    /// for an account that has real credentials unless asked for by name.
    enum ProviderChoice {
        case chosen(String)
        case refused(ProblemDetails.FieldError)
    }

    static func provider(_ requested: String?, configured: Set<String>, sandbox: Bool) -> ProviderChoice {
        if let requested {
            guard configured.contains(requested) || (requested == "sandbox" && sandbox) else {
                let usable = (configured.sorted() + (sandbox ? ["sandbox"] : [])).joined(separator: ", ")
                return .refused(
                    .init(
                        field: "provider",
                        message: usable.isEmpty
                            ? "no SMS provider is configured for this account"
                            : "must be one this account can use: \(usable)"))
            }
            return .chosen(requested)
        }
        for name in ["smsmobileapi", "twilio"] where configured.contains(name) { return .chosen(name) }
        if sandbox { return .chosen("sandbox") }
        return .refused(
            .init(
                field: "provider",
                message: "no SMS provider is configured: store credentials at /api/channels/sms/credentials/{provider}"
            ))
    }
}
