import OutboundHTTP

/// Reads Twilio's answers to a Message create (PROVIDERS §3.1–3.2).
///
/// Success is `201` with the Message resource (`sid`, `status`, `num_segments`); errors are
/// `{"code", "message", "more_info", "status"}` with the HTTP status. Twilio's `message` quotes the number
/// (`The 'To' number … is not a valid phone number`), so it is never copied: reasons come from
/// ``TwilioErrorCode``.
enum TwilioResponse {
    /// The fields of the Message resource this sender needs.
    struct Message: Decodable {
        var sid: String
        var status: String?
        var numSegments: ProviderCode?
        var errorCode: ProviderCode?

        enum CodingKeys: String, CodingKey {
            case sid, status
            case numSegments = "num_segments"
            case errorCode = "error_code"
        }
    }

    /// Twilio's REST error body.
    struct ErrorBody: Decodable {
        var code: ProviderCode?
    }

    /// Statuses meaning the message will not go out even though the create succeeded.
    private static let deadStatuses: Set<String> = ["failed", "undelivered", "canceled"]

    static func result(of response: OutboundResponse) -> SMSSendResult {
        let status = response.statusCode
        guard response.isSuccess else { return failure(of: response) }
        guard let message = try? response.decodeJSON(Message.self), !message.sid.isEmpty else {
            // Twilio may have queued the message: retrying could send it twice, so this is not retried.
            return .permanentFailure(
                code: "invalid_response", reason: "Twilio answered HTTP \(status) with an unreadable body")
        }
        if let messageStatus = message.status, deadStatuses.contains(messageStatus) {
            let errorCode = message.errorCode?.text
            let detail = errorCode.map { ": \(TwilioErrorCode.meaning(of: $0))" } ?? ""
            return .permanentFailure(
                code: errorCode ?? messageStatus, reason: "Twilio created the message as \(messageStatus)\(detail)")
        }
        // Through a Messaging Service the count is "0" until a sender is chosen: unknown, not zero.
        let segments = message.numSegments?.text.flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
        return .accepted(providerMessageID: message.sid, segments: segments)
    }

    private static func failure(of response: OutboundResponse) -> SMSSendResult {
        let status = response.statusCode
        let twilioCode = (try? response.decodeJSON(ErrorBody.self))?.code?.text
        let code = twilioCode ?? "http_\(status)"
        let reason = "Twilio refused the message with HTTP \(status): \(TwilioErrorCode.meaning(of: code))"
        if TwilioErrorCode.isTransient(code: twilioCode, status: status) {
            return .transientFailure(code: code, reason: reason, retryAfter: response.retryAfter)
        }
        return .permanentFailure(code: code, reason: reason)
    }
}
