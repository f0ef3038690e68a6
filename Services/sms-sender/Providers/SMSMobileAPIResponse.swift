import Foundation
import OutboundHTTP

/// Reads SMSMobileAPI's answers to `/sendsms/` (PROVIDERS §1.2).
///
/// Success and application failures both come as HTTP 200 `{"result": {"error": …, "sent": …, "id": …}}`:
/// `result.error` other than 0 means the request failed or was blocked. Transport-level errors come as
/// 400/403/429 `{"error": code, "message": text}`. The provider's `message` is never copied: it may quote
/// the request.
enum SMSMobileAPIResponse {
    /// The 200 body.
    struct Envelope: Decodable {
        struct Result: Decodable {
            var error: ProviderCode?
            var sent: ProviderCode?
            var id: ProviderCode?
        }
        var result: Result
    }

    /// The `ErrorResponse` body of 4xx answers (and, defensively, of a 200 without `result`).
    struct ErrorBody: Decodable {
        var error: ProviderCode?
    }

    static func result(of response: OutboundResponse) -> SMSSendResult {
        let status = response.statusCode
        guard response.isSuccess else { return failure(of: response) }
        if let envelope = try? response.decodeJSON(Envelope.self) {
            return result(of: envelope.result, status: status)
        }
        if let code = errorCode(in: response) {
            return .permanentFailure(code: code, reason: "SMSMobileAPI refused the message (HTTP \(status))")
        }
        // The phone may have been asked to send: retrying could send twice, so this is not retried.
        return .permanentFailure(
            code: "invalid_response", reason: "SMSMobileAPI answered HTTP \(status) with an unreadable body")
    }

    private static func result(of result: Envelope.Result, status: Int) -> SMSSendResult {
        let error = result.error?.text?.trimmingCharacters(in: .whitespaces) ?? "0"
        guard error.isEmpty || error == "0" else {
            // The documented failure inside an HTTP 200. Its codes are not documented (PROVIDERS §1.2), so
            // none is known to be worth retrying.
            return .permanentFailure(
                code: error, reason: "SMSMobileAPI refused the message inside HTTP \(status) (result.error)")
        }
        guard result.sent?.text == "1" else {
            return .permanentFailure(
                code: "not_sent", reason: "SMSMobileAPI did not accept the message for sending (result.sent)")
        }
        guard let id = result.id?.text, !id.isEmpty else {
            return .permanentFailure(
                code: "invalid_response", reason: "SMSMobileAPI accepted the message without an id")
        }
        return .accepted(providerMessageID: id, segments: nil)
    }

    private static func failure(of response: OutboundResponse) -> SMSSendResult {
        let status = response.statusCode
        let code = errorCode(in: response) ?? "http_\(status)"
        switch status {
        case 429:
            return .transientFailure(
                code: code, reason: "SMSMobileAPI rate limit reached (HTTP 429)", retryAfter: response.retryAfter)
        case 408, 500...599:
            return .transientFailure(
                code: code, reason: "SMSMobileAPI is unavailable (HTTP \(status))", retryAfter: response.retryAfter)
        case 401, 403:
            return .permanentFailure(
                code: code, reason: "SMSMobileAPI rejected the API key (HTTP \(status))")
        case 400:
            return .permanentFailure(
                code: code, reason: "SMSMobileAPI rejected a parameter (HTTP 400)")
        default:
            return .permanentFailure(code: code, reason: "SMSMobileAPI refused the message (HTTP \(status))")
        }
    }

    /// The `error` field of an `ErrorResponse`, when there is one.
    private static func errorCode(in response: OutboundResponse) -> String? {
        guard let body = try? response.decodeJSON(ErrorBody.self), let code = body.error?.text, !code.isEmpty
        else { return nil }
        return code
    }
}
