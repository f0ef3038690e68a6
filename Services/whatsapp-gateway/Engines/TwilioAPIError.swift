/// Twilio's error JSON, `{"code": 63016, "message": "…", "status": 400, "more_info": "…"}` (PROVIDERS.md
/// §3.2), and what it means for a WhatsApp send.
struct TwilioAPIError: Decodable, Sendable, Equatable {
    var code: Int?
    var message: String?

    /// Reuses the Cloud API's classes: the consequences are the same.
    static func handling(code: Int?, httpStatus: Int) -> CloudAPIError.Handling {
        switch code {
        // Authentication failed, account suspended or closed.
        case 20003, 20005, 20008: return .sessionFailure
        // Too many requests; WhatsApp's own rate limit (63018).
        case 20429, 63018: return .pauseSender(long: false)
        // Outside the 24 h window (63016), not on WhatsApp (63003), invalid numbers and opt-outs: final.
        default:
            if httpStatus == 401 { return .sessionFailure }
            if httpStatus == 429 { return .pauseSender(long: false) }
            return httpStatus >= 500 ? .retry(after: nil) : .failMessage
        }
    }
}
