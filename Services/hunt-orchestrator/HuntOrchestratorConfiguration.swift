import Cryptography
import Foundation
import LobstrAPI
import ServiceRuntime

/// `hunt-orchestrator`'s settings, from the environment.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `AP_LOBSTR_BASE_URL` | `https://api.lobstr.io/v1` | where Lobstr is reached (a local stub in tests) |
/// | `AP_LOBSTR_REQUESTS_PER_SECOND` | `2` | results pages per second and account (Lobstr's limit), 1–100 |
/// | `AP_PROVIDER_TIMEOUT_SECONDS` | `30` | limit of one Lobstr request, 1–120 |
/// | `AP_SCRAPING_CONCURRENCY` | `2` | Lobstr runs ingested at once by this process, 1–100 |
/// | `AP_VISIBILITY_TIMEOUT_SECONDS` | `60` | a job held this long by a silent (dead) orchestrator is taken over, 2–3600 |
/// | `AP_HUNT_SCHEDULE_SECONDS` | `60` | how often the leading replica enqueues the day's run of every active hunt, 1–3600 |
/// | `AP_HUNT_LEADER_TTL_SECONDS` | `5` | a leader silent this long is replaced by another replica, 2–60 |
/// | `AP_SMS_SANDBOX` | `false` | `true`: hunts of accounts without SMS credentials send through the sandbox provider (as the gateway's) |
/// | `AP_SEALING_KEYS`, `AP_SEALING_KEY_ID` | required | the gateway's keys, to open the accounts' Lobstr keys |
/// | `AP_HUNT_CLOCK_OFFSET_SECONDS` | `0` | tests and drills only: the hunts' clock (their days, follow-up delays, the day's job id) runs this far ahead of the wall clock, 0–31536000 |
///
/// plus the keys of ``RuntimeConfiguration``, ``StoreConfiguration`` and ``HealthConfiguration``.
package struct HuntOrchestratorConfiguration: EnvironmentConfigurable {
    package var runtime: RuntimeConfiguration
    package var stores: StoreConfiguration
    package var health: HealthConfiguration
    package var lobstrURL: String
    package var lobstrRequestsPerSecond: Int
    package var providerTimeout: Duration
    package var scrapingConcurrency: Int
    package var visibilityTimeout: Duration
    package var sealingKeyring: SealingKeyring
    package var smsSandbox: Bool
    package var scheduleInterval: Duration
    package var leaderLeaseTTL: Duration
    /// How far the hunts' clock is ahead of the wall clock (0 in production).
    package var clockOffset: TimeInterval

    package init(reader: EnvironmentConfiguration) {
        runtime = RuntimeConfiguration(reader: reader)
        stores = StoreConfiguration(reader: reader)
        health = HealthConfiguration(reader: reader)
        var base = reader.url(
            "AP_LOBSTR_BASE_URL", schemes: ["http", "https"], default: URL(string: LobstrClient.productionURL)!
        ).absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        lobstrURL = base
        lobstrRequestsPerSecond = reader.int("AP_LOBSTR_REQUESTS_PER_SECOND", default: 2, range: 1...100)
        providerTimeout = reader.seconds("AP_PROVIDER_TIMEOUT_SECONDS", default: .seconds(30), range: 1...120)
        scrapingConcurrency = reader.int("AP_SCRAPING_CONCURRENCY", default: 2, range: 1...100)
        visibilityTimeout = reader.seconds("AP_VISIBILITY_TIMEOUT_SECONDS", default: .seconds(60), range: 2...3600)
        sealingKeyring = SealingKeyring.read(from: reader)
        smsSandbox = reader.bool("AP_SMS_SANDBOX", default: false)
        scheduleInterval = reader.seconds("AP_HUNT_SCHEDULE_SECONDS", default: .seconds(60), range: 1...3600)
        leaderLeaseTTL = reader.seconds("AP_HUNT_LEADER_TTL_SECONDS", default: .seconds(5), range: 2...60)
        clockOffset = TimeInterval(reader.int("AP_HUNT_CLOCK_OFFSET_SECONDS", default: 0, range: 0...31_536_000))
    }
}
