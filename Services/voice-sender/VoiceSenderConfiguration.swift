import Cryptography
import Foundation
import ServiceRuntime
import VoicePartnerAPI

/// `voice-sender`'s settings, from the environment.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `AP_CONCURRENCY` | `10` | `voice.send` jobs (joining campaigns) processed at once, 1–1000 |
/// | `AP_VOICEPARTNER_BASE_URL` | `https://api.voicepartner.fr/v1` | where Voice Partner is reached (a local stub in tests) |
/// | `AP_PROVIDER_TIMEOUT_SECONDS` | `15` | limit of one Voice Partner request, 1–120 |
/// | `AP_PUBLIC_URL` | unset | the gateway's public base URL: campaigns ask for callbacks at `<url>/webhooks/voicepartner/…` |
/// | `AP_VOICE_QUIET_SECONDS` | `2` | an open drop campaign is sent once no drop joined it for this long, 0.05–600 |
/// | `AP_VOICE_MAX_WAIT_SECONDS` | `30` | …or once it has been open this long, 0.1–3600 |
/// | `AP_VOICE_DROPS_PER_MINUTE` | `5` | drop requests per Voice Partner key and minute (Voice Partner's limit), 1–10000 |
/// | `AP_VOICE_DROP_BURST` | `5` | drop requests one key may make at once, 1–10000 |
/// | `AP_VOICE_CALLS_PER_HOUR` | `2000` | text-to-speech requests per key and hour, 1–1000000 |
/// | `AP_VOICE_MAX_ATTEMPTS` | `5` | send attempts of a campaign before its members fail, 1–100 |
/// | `AP_VOICE_OUTCOME_GRACE_SECONDS` | `900` | how long a campaign whose send got no answer waits for Voice Partner's callback, 1–86400 |
/// | `AP_VOICE_SEND_CONCURRENCY` | `4` | campaigns sent at once by this process, 1–100 |
/// | `AP_VISIBILITY_TIMEOUT_SECONDS` | `60` | a job held this long by a silent (dead) sender is taken over, 2–3600 |
/// | `AP_SEALING_KEYS`, `AP_SEALING_KEY_ID` | required | the gateway's keys, to open the accounts' Voice Partner credentials |
///
/// plus the keys of ``RuntimeConfiguration``, ``StoreConfiguration`` and ``HealthConfiguration``.
package struct VoiceSenderConfiguration: EnvironmentConfigurable {
    package var runtime: RuntimeConfiguration
    package var stores: StoreConfiguration
    package var health: HealthConfiguration
    package var concurrency: Int
    package var voicePartnerURL: String
    package var providerTimeout: Duration
    package var publicURL: URL?
    package var policy: VoiceSendPolicy
    package var sealingKeyring: SealingKeyring
    package var visibilityTimeout: Duration

    package init(reader: EnvironmentConfiguration) {
        runtime = RuntimeConfiguration(reader: reader)
        stores = StoreConfiguration(reader: reader)
        health = HealthConfiguration(reader: reader)
        concurrency = reader.int("AP_CONCURRENCY", default: 10, range: 1...1000)
        let web: Set<String> = ["http", "https"]
        var base = reader.url(
            "AP_VOICEPARTNER_BASE_URL", schemes: web, default: URL(string: VoicePartnerClient.productionURL)!
        ).absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        voicePartnerURL = base
        providerTimeout = reader.seconds("AP_PROVIDER_TIMEOUT_SECONDS", default: .seconds(15), range: 1...120)
        publicURL = reader.optionalString("AP_PUBLIC_URL") == nil ? nil : reader.url("AP_PUBLIC_URL", schemes: web)
        var policy = VoiceSendPolicy()
        policy.quiet = reader.seconds("AP_VOICE_QUIET_SECONDS", default: .seconds(2), range: 0.05...600)
        policy.maxWait = reader.seconds("AP_VOICE_MAX_WAIT_SECONDS", default: .seconds(30), range: 0.1...3600)
        policy.dropsPerMinute = Double(reader.int("AP_VOICE_DROPS_PER_MINUTE", default: 5, range: 1...10_000))
        policy.dropBurst = reader.int("AP_VOICE_DROP_BURST", default: 5, range: 1...10_000)
        policy.callsPerHour = Double(reader.int("AP_VOICE_CALLS_PER_HOUR", default: 2000, range: 1...1_000_000))
        policy.maxAttempts = reader.int("AP_VOICE_MAX_ATTEMPTS", default: 5, range: 1...100)
        policy.outcomeGrace = reader.seconds(
            "AP_VOICE_OUTCOME_GRACE_SECONDS", default: .seconds(900), range: 1...86_400)
        policy.concurrency = reader.int("AP_VOICE_SEND_CONCURRENCY", default: 4, range: 1...100)
        policy.lease = .init(providerTimeout: providerTimeout)
        self.policy = policy
        sealingKeyring = SealingKeyring.read(from: reader)
        visibilityTimeout = reader.seconds("AP_VISIBILITY_TIMEOUT_SECONDS", default: .seconds(60), range: 2...3600)
    }
}
