import Cryptography
import Domain
import Foundation
import ServiceRuntime

/// `sms-sender`'s settings, from the environment.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `AP_PROVIDER_MODE` | `live` | `sandbox` also sends messages the gateway gave the `sandbox` provider (nothing leaves the machine); `live` fails them |
/// | `AP_CONCURRENCY` | `10` | SMS jobs processed at once by this process, 1–1000 |
/// | `AP_TWILIO_BASE_URL` | `https://api.twilio.com` | where Twilio is reached (a local stub in tests) |
/// | `AP_SMSMOBILEAPI_BASE_URL` | `https://api.smsmobileapi.com` | where SMSMobileAPI is reached |
/// | `AP_PROVIDER_TIMEOUT_SECONDS` | `15` | limit of one provider request, 1–120 |
/// | `AP_PUBLIC_URL` | unset | the gateway's public base URL: Twilio sends status callbacks to `<url>/webhooks/twilio/<accountId>` |
/// | `AP_SMS_RATE_BURST` | `10` | messages one provider account may send at once |
/// | `AP_SMS_RATE_PER_SECOND` | `10` | sustained messages per second per provider account, 1–10000 |
/// | `AP_VISIBILITY_TIMEOUT_SECONDS` | `60` | a job held this long by a silent (dead) sender is taken over by another, 2–3600 |
/// | `AP_SEALING_KEYS`, `AP_SEALING_KEY_ID` | required | the gateway's keys, to open the accounts' provider credentials |
///
/// plus the keys of ``RuntimeConfiguration``, ``StoreConfiguration`` and ``HealthConfiguration``.
package struct SMSSenderConfiguration: EnvironmentConfigurable {
    package var runtime: RuntimeConfiguration
    package var stores: StoreConfiguration
    package var health: HealthConfiguration
    package var providerMode: ProviderMode
    package var concurrency: Int
    package var endpoints: SMSProviderEndpoints
    package var publicURL: URL?
    package var rateLimit: SMSRateLimit
    package var sealingKeyring: SealingKeyring
    package var visibilityTimeout: Duration

    package init(reader: EnvironmentConfiguration) {
        runtime = RuntimeConfiguration(reader: reader)
        stores = StoreConfiguration(reader: reader)
        health = HealthConfiguration(reader: reader)
        providerMode = reader.enumeration("AP_PROVIDER_MODE", default: .live)
        concurrency = reader.int("AP_CONCURRENCY", default: 10, range: 1...1000)
        let web: Set<String> = ["http", "https"]
        endpoints = SMSProviderEndpoints(
            twilio: Self.base(reader.url("AP_TWILIO_BASE_URL", schemes: web, default: Self.twilioDefault)),
            smsMobileAPI: Self.base(
                reader.url("AP_SMSMOBILEAPI_BASE_URL", schemes: web, default: Self.smsMobileAPIDefault)),
            timeout: reader.seconds("AP_PROVIDER_TIMEOUT_SECONDS", default: .seconds(15), range: 1...120))
        publicURL =
            reader.optionalString("AP_PUBLIC_URL") == nil
            ? nil : reader.url("AP_PUBLIC_URL", schemes: web)
        rateLimit = SMSRateLimit(
            burst: reader.int("AP_SMS_RATE_BURST", default: 10, range: 1...10_000),
            perSecond: Double(reader.int("AP_SMS_RATE_PER_SECOND", default: 10, range: 1...10_000)))
        sealingKeyring = SealingKeyring.read(from: reader)
        visibilityTimeout = reader.seconds("AP_VISIBILITY_TIMEOUT_SECONDS", default: .seconds(60), range: 2...3600)
    }

    private static let twilioDefault = URL(string: TwilioConfiguration.defaultBaseURL)!
    private static let smsMobileAPIDefault = URL(string: SMSMobileAPIConfiguration.defaultBaseURL)!

    /// The URL as the providers' clients take it: no trailing slash.
    private static func base(_ url: URL) -> String {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
