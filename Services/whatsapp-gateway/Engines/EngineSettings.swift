import Foundation
import ServiceRuntime

/// Where the provider-backed engines reach their APIs, from the environment:
///
/// | key | default | meaning |
/// |---|---|---|
/// | `AP_WA_CLOUD_API_URL` | `https://graph.facebook.com/v21.0` | the Graph API with its pinned version (a stub in tests) |
/// | `AP_WA_CLOUD_LOOKUP_GRACE_SECONDS` | `120` | after an interrupted Cloud API send, how long to wait for its status webhook before sending again |
/// | `AP_WA_RATE_LIMIT_PAUSE_SECONDS` | `60` | how long a sender pauses after a provider's throughput limit (×15 after a spam limit) |
/// | `AP_TWILIO_BASE_URL` | `https://api.twilio.com` | Twilio's REST API (WhatsApp sessions on the `twilio` engine) |
/// | `AP_PUBLIC_URL` | unset | the gateway's public URL: Twilio's status callbacks go to `<url>/webhooks/twilio/<accountId>` |
/// | `AP_PROVIDER_TIMEOUT_SECONDS` | `15` | one provider request, connect to last byte |
struct EngineSettings: Sendable {
    var cloudAPIURL: String
    var cloudLookupGrace: Duration
    var rateLimitPause: Duration
    var twilioBaseURL: String
    var publicURL: String?
    var timeout: Duration

    init(reader: EnvironmentConfiguration) {
        let web: Set<String> = ["http", "https"]
        cloudAPIURL = Self.base(
            reader.url("AP_WA_CLOUD_API_URL", schemes: web, default: URL(string: "https://graph.facebook.com/v21.0")!))
        cloudLookupGrace = reader.seconds("AP_WA_CLOUD_LOOKUP_GRACE_SECONDS", default: .seconds(120), range: 1...86_400)
        rateLimitPause = reader.seconds("AP_WA_RATE_LIMIT_PAUSE_SECONDS", default: .seconds(60), range: 1...86_400)
        twilioBaseURL = Self.base(
            reader.url("AP_TWILIO_BASE_URL", schemes: web, default: URL(string: "https://api.twilio.com")!))
        publicURL =
            reader.optionalString("AP_PUBLIC_URL") == nil ? nil : Self.base(reader.url("AP_PUBLIC_URL", schemes: web))
        timeout = reader.seconds("AP_PROVIDER_TIMEOUT_SECONDS", default: .seconds(15), range: 1...120)
    }

    /// No trailing slash.
    private static func base(_ url: URL) -> String {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
