import Domain

/// A Graph API error body, `{"error": {"message", "type", "code", "error_subcode", "error_data": {"details"}}}`
/// (PROVIDERS.md §4.3), and what to do about it. Meta says to key on `code` (and the details), never on the
/// HTTP status: rate limits come back as 400 as often as 429.
struct CloudAPIError: Decodable, Sendable, Equatable {
    struct Body: Decodable, Sendable, Equatable {
        struct ErrorData: Decodable, Sendable, Equatable {
            var details: String?
        }

        var message: String?
        var type: String?
        var code: Int?
        var error_subcode: Int?
        var error_data: ErrorData?
    }

    var error: Body

    enum Handling: Sendable, Equatable {
        /// The session itself cannot send (token expired or revoked, permissions, account locked, payment):
        /// the message fails and the session goes `failed` until restarted with a fix.
        case sessionFailure
        /// WhatsApp's throughput (or, `long`, spam) limits: the message is retried and the whole sender
        /// pauses (the engine's configured pause; 15 times that for the spam limit).
        case pauseSender(long: Bool)
        /// May pass for this message: retried later.
        case retry(after: Duration?)
        /// Will not pass as is (re-engagement window, not on WhatsApp, bad parameters, template problems).
        case failMessage
    }

    var code: Int? { error.code }

    /// `"(#131047) …: details"`, for the message's error and the session's last error, with the phone numbers
    /// Meta quotes (`… not in allowed list: +1…`) redacted.
    var summary: String {
        let details = error.error_data?.details.map { ": \($0)" } ?? ""
        return PersonalDataRedaction.redacted(
            (error.message ?? "Graph API error \(code.map(String.init) ?? "?")") + details)
    }

    static func handling(code: Int?, httpStatus: Int) -> Handling {
        guard let code else { return httpStatus >= 500 || httpStatus == 429 ? .retry(after: nil) : .failMessage }
        switch code {
        case 0, 190, 102, 10, 200...299, 131031, 368, 131042, 131044: return .sessionFailure
        case 130429, 80007, 4: return .pauseSender(long: false)
        case 131048: return .pauseSender(long: true)
        // The pair limit is about one recipient: only that message waits.
        case 131056: return .retry(after: .seconds(10))
        case 131000, 131016, 1, 2: return .retry(after: nil)
        default: return httpStatus >= 500 ? .retry(after: nil) : .failMessage
        }
    }
}
