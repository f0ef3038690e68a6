import Cryptography
import Foundation
import ServiceRuntime
import VoicePartnerAPI

/// The gateway's settings, from the environment.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `AP_HTTP_HOST` | `127.0.0.1` | address the API binds; `0.0.0.0` in containers |
/// | `AP_HTTP_PORT` | `8080` | port the API binds, `0` for an ephemeral one (logged as `http.port`) |
/// | `AP_HTTP_IDLE_TIMEOUT_SECONDS` | `30` | a connection is closed when a request's headers or body take longer, or it idles that long between requests, 1–3600 |
/// | `AP_ADMIN_SECRET` | required | secret of the admin API, at least 16 characters |
/// | `AP_WORKER_TOKEN` | required | token WhatsApp workers present to register and heartbeat |
/// | `AP_SEALING_KEYS` | required | sealing keys of stored provider credentials: `<id>:<base64 of 32 bytes>`, comma-separated |
/// | `AP_SEALING_KEY_ID` | required | id of the key in `AP_SEALING_KEYS` that seals new credentials |
/// | `AP_DEFAULT_REGION` | `FR` | region of national phone numbers (`06 12 34 56 78`): FR BE CH ES IT DE GB US |
/// | `AP_SMS_MAX_SEGMENTS` | `10` | longest SMS accepted, in segments, 1–50 |
/// | `AP_SMS_MAX_ATTEMPTS` | `5` | attempts of an SMS job before its message fails, 1–20 |
/// | `AP_SMS_SANDBOX` | `false` | `true`: accounts without SMS credentials send through the sandbox provider |
/// | `AP_WORKER_HEARTBEAT_SECONDS` | `10` | how often workers heartbeat; one missing for 3 intervals is offline, 1–300 |
/// | `AP_PUBLIC_URL` | `http://<host>:<port>` | the public base URL providers call back (Twilio signs it) |
/// | `AP_MESSAGE_EXPIRY_SECONDS` | `86400` | an unsent message (any channel) older than this fails with `expired`, 1–2592000 |
/// | `AP_MESSAGE_EXPIRY_SWEEP_SECONDS` | `60` | how often the gateway looks for expired messages, 1–3600 |
/// | `AP_VOICEPARTNER_BASE_URL` | `https://api.voicepartner.fr/v1` | where Voice Partner is reached (the audio list; a stub in tests) |
/// | `AP_SSE_MAX_STREAMS_PER_ACCOUNT` | `5` | Server-Sent Events streams one account may hold open at once (more: 429), 1–1000 |
///
/// plus the keys of ``RuntimeConfiguration`` and ``StoreConfiguration``.
package struct GatewayConfiguration: EnvironmentConfigurable {
    package var runtime: RuntimeConfiguration
    package var stores: StoreConfiguration
    package var httpHost: String
    package var httpPort: Int
    package var adminSecret: Secret
    package var workerToken: Secret
    /// Seals and opens the accounts' provider credentials (AES-256-GCM).
    package var sealingKeyring: SealingKeyring
    /// Messaging rules and the sandbox switch.
    package var messaging: MessagingConfiguration
    /// The base URL providers reach the webhooks at, without a trailing slash.
    package var publicURL: String
    /// How often workers heartbeat; three missed intervals make a worker offline.
    package var workerHeartbeatInterval: Duration = .seconds(10)
    /// How long a message may stay unsent (`pending` or `queued`) before it fails with `expired`.
    package var messageExpiry: Duration = .seconds(86_400)
    /// How often the ``MessageExpirySweeper`` runs.
    package var expirySweepInterval: Duration = .seconds(60)
    /// How long a client may take to send a request's headers, then its body, and how long a connection may
    /// idle between requests, before the server closes it (slow or stalled clients hold no connection).
    package var httpIdleTimeout: Duration = .seconds(30)
    /// Event streams (`GET /api/sessions/{id}/events`) one account may hold open at once.
    package var maxEventStreamsPerAccount = 5
    /// Customer webhook delivery (``WebhookSettings``, `AP_WEBHOOK_*`).
    package var webhooks = WebhookSettings()
    /// How often the state gauges (queue depths, sessions, credits held, outbox lag) are sampled.
    package var metricsSampleInterval: Duration = .seconds(15)
    /// Voice Partner's base URL, without a trailing slash.
    package var voicePartnerURL = VoicePartnerClient.productionURL

    package init(
        runtime: RuntimeConfiguration = .init(), stores: StoreConfiguration, httpHost: String = "127.0.0.1",
        httpPort: Int = 8080, adminSecret: Secret, workerToken: Secret, sealingKeyring: SealingKeyring,
        messaging: MessagingConfiguration = MessagingConfiguration(), publicURL: String? = nil
    ) {
        self.runtime = runtime
        self.stores = stores
        self.httpHost = httpHost
        self.httpPort = httpPort
        self.adminSecret = adminSecret
        self.workerToken = workerToken
        self.sealingKeyring = sealingKeyring
        self.messaging = messaging
        var url = publicURL ?? "http://\(httpHost):\(httpPort)"
        while url.hasSuffix("/") { url.removeLast() }
        self.publicURL = url
    }

    package init(reader: EnvironmentConfiguration) {
        self.init(
            runtime: RuntimeConfiguration(reader: reader),
            stores: StoreConfiguration(reader: reader),
            httpHost: reader.string(
                "AP_HTTP_HOST", default: "127.0.0.1", expected: "a host name or IP address",
                isValid: HealthConfiguration.isHost
            ),
            httpPort: reader.int("AP_HTTP_PORT", default: 8080, range: 0...65535),
            adminSecret: reader.secret("AP_ADMIN_SECRET", minimumLength: 16),
            workerToken: reader.secret("AP_WORKER_TOKEN"),
            sealingKeyring: SealingKeyring.read(from: reader),
            messaging: MessagingConfiguration(reader: reader),
            publicURL: reader.optionalString("AP_PUBLIC_URL") == nil
                ? nil : reader.url("AP_PUBLIC_URL", schemes: ["http", "https"]).absoluteString
        )
        workerHeartbeatInterval = reader.seconds("AP_WORKER_HEARTBEAT_SECONDS", default: .seconds(10), range: 1...300)
        messageExpiry = reader.seconds("AP_MESSAGE_EXPIRY_SECONDS", default: .seconds(86_400), range: 1...2_592_000)
        expirySweepInterval = reader.seconds("AP_MESSAGE_EXPIRY_SWEEP_SECONDS", default: .seconds(60), range: 1...3600)
        httpIdleTimeout = reader.seconds("AP_HTTP_IDLE_TIMEOUT_SECONDS", default: .seconds(30), range: 1...3600)
        maxEventStreamsPerAccount = reader.int("AP_SSE_MAX_STREAMS_PER_ACCOUNT", default: 5, range: 1...1000)
        webhooks = WebhookSettings(reader: reader)
        metricsSampleInterval = reader.seconds("AP_METRICS_SAMPLE_SECONDS", default: .seconds(15), range: 0.1...3600)
        var voicePartner = reader.url(
            "AP_VOICEPARTNER_BASE_URL", schemes: ["http", "https"],
            default: URL(string: VoicePartnerClient.productionURL)!
        ).absoluteString
        while voicePartner.hasSuffix("/") { voicePartner.removeLast() }
        voicePartnerURL = voicePartner
    }
}
