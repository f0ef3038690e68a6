/// Where real providers are reached: production by default; tests point them at local stubs.
package struct SMSProviderEndpoints: Sendable {
    /// Twilio's base URL (scheme, host, optional port).
    package var twilio: String
    /// SMSMobileAPI's base URL (scheme, host, optional port).
    package var smsMobileAPI: String
    /// Limit for one submission; `nil` keeps the HTTP client's default.
    package var timeout: Duration?

    package init(
        twilio: String = TwilioConfiguration.defaultBaseURL,
        smsMobileAPI: String = SMSMobileAPIConfiguration.defaultBaseURL,
        timeout: Duration? = nil
    ) {
        self.twilio = twilio
        self.smsMobileAPI = smsMobileAPI
        self.timeout = timeout
    }
}
