/// How to reach Twilio Programmable Messaging (PROVIDERS §3): the account, its credentials, the default
/// sender and, for tests, another base URL.
package struct TwilioConfiguration: Sendable {
    /// The production API.
    package static let defaultBaseURL = "https://api.twilio.com"

    /// `AC…`: names the account in the URL and is the Basic-auth user unless ``apiKeySID`` is set.
    package var accountSID: String
    /// The auth token (or API key secret): the Basic-auth password; never logged.
    package var authToken: String
    /// `SK…` API key used as the Basic-auth user instead of the account SID, when set.
    package var apiKeySID: String?
    /// Sender used when a message names none: a `From` number or a Messaging Service.
    package var defaultOrigin: SMSOrigin
    /// Sent as `StatusCallback` so that Twilio reports delivery, when set.
    package var statusCallbackURL: String?
    /// Scheme, host and optional port, without a trailing slash.
    package var baseURL: String
    /// Limit for one submission; `nil` keeps the HTTP client's default.
    package var timeout: Duration?

    package init(
        accountSID: String,
        authToken: String,
        apiKeySID: String? = nil,
        defaultOrigin: SMSOrigin,
        statusCallbackURL: String? = nil,
        baseURL: String = Self.defaultBaseURL,
        timeout: Duration? = nil
    ) {
        self.accountSID = accountSID
        self.authToken = authToken
        self.apiKeySID = apiKeySID
        self.defaultOrigin = defaultOrigin
        self.statusCallbackURL = statusCallbackURL
        self.baseURL = baseURL
        self.timeout = timeout
    }
}

extension TwilioConfiguration: CustomStringConvertible {
    /// Account and base URL only: the token is a secret.
    package var description: String { "Twilio account \(accountSID) at \(baseURL)" }
}
