/// How to reach SMSMobileAPI (PROVIDERS §1): the account's API key and, for tests, another base URL.
package struct SMSMobileAPIConfiguration: Sendable {
    /// The production API.
    package static let defaultBaseURL = "https://api.smsmobileapi.com"

    /// Sent as the `apikey` form field; never logged.
    package var apiKey: String
    /// Scheme, host and optional port, without a trailing slash.
    package var baseURL: String
    /// Limit for one submission; `nil` keeps the HTTP client's default.
    package var timeout: Duration?

    package init(apiKey: String, baseURL: String = Self.defaultBaseURL, timeout: Duration? = nil) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.timeout = timeout
    }
}

extension SMSMobileAPIConfiguration: CustomStringConvertible {
    /// The base URL only: the API key is a secret.
    package var description: String { "SMSMobileAPI at \(baseURL)" }
}
