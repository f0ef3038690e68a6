/// What the Twilio error codes a Message create can return mean, and which are worth retrying
/// (PROVIDERS §3.2).
enum TwilioErrorCode {
    /// 20429 (too many concurrent requests) is "never processed and always safe to retry"; 429, 408 and 5xx
    /// are transient whatever the code. Every other 4xx (invalid or unsubscribed number, bad credentials,
    /// suspended account, unverified trial number…) fails the same way on every attempt.
    static func isTransient(code: String?, status: Int) -> Bool {
        if code == "20429" { return true }
        return status == 408 || status == 429 || (500...599).contains(status)
    }

    /// Our own wording for `code`, safe to store and log (Twilio's `message` quotes the number).
    static func meaning(of code: String) -> String {
        meanings[code] ?? "Twilio error \(code)"
    }

    private static let meanings: [String: String] = [
        "10001": "the account is not active",
        "20003": "the credentials were rejected",
        "20005": "the account is not active (suspended, possibly out of funds)",
        "20429": "too many concurrent requests",
        "21211": "the recipient is not a valid phone number",
        "21408": "sending to the recipient's region is not enabled",
        "21606": "the sender cannot send SMS",
        "21608": "the recipient is not verified for this trial account",
        "21610": "the recipient has unsubscribed (replied STOP)",
        "21612": "the recipient cannot be reached from this sender",
        "21614": "the recipient cannot receive SMS",
        "21635": "the recipient is a landline",
        "30002": "the account is suspended",
        "30003": "the recipient is unreachable",
        "30007": "the carrier filtered the message",
    ]
}
