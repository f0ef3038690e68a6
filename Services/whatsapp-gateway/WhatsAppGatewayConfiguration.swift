import Cryptography
import Domain
import Foundation
import ServiceRuntime

/// A WhatsApp worker's settings, from the environment.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `AP_WORKER_TOKEN` | required | token presented to the gateway's worker registry |
/// | `AP_GATEWAY_URL` | required | the gateway's base URL, `http://` or `https://` |
/// | `AP_WORKER_ID` | host name | this worker's id (queue `wa:<id>`): letters, digits, `.`, `_`, `-`; 1–64 |
/// | `AP_MAX_SESSIONS` | `50` | sessions this worker accepts, 1–10000 |
/// | `AP_SEALING_KEYS`, `AP_SEALING_KEY_ID` | required | the gateway's keys: sessions' auth state is sealed with them |
/// | `AP_QR_FIRST_SECONDS`, `AP_QR_NEXT_SECONDS`, `AP_QR_REFS` | `60`, `20`, `6` | sandbox QR rotation (WhatsApp's own) |
/// | `AP_WA_MIN_GAP_SECONDS`, `AP_WA_JITTER_SECONDS`, `AP_WA_DAILY_CAP` | `8`, `4`, `200` | pacing per sender number unless the session sets its own |
/// | `AP_WA_RECONNECT_BASE_SECONDS`, `AP_WA_RECONNECT_MAX_SECONDS` | `1`, `60` | wait before reopening a dropped session: base, doubling per failed attempt up to max, less up to 20 % jitter; back to base once connected |
/// | `AP_WA_WATCHDOG_SECONDS` | `300` | a connected session with no sign of life (keep-alive, receipt, message) for this long is closed and reopened |
/// | `AP_WA_SANDBOX_KEEPALIVE_SECONDS` | `25` | sandbox: interval of a connected session's keep-alive answers (keep it well under the watchdog) |
/// | `AP_WORKER_ENDPOINT` | `http://<host name>:<AP_HEALTH_PORT>` | where the gateway and operators reach this worker |
///
/// plus the keys of ``RuntimeConfiguration``, ``StoreConfiguration``, ``HealthConfiguration`` and
/// ``EngineSettings`` (provider URLs of the `cloud` and `twilio` engines).
package struct WhatsAppGatewayConfiguration: EnvironmentConfigurable {
    package var runtime: RuntimeConfiguration
    package var stores: StoreConfiguration
    package var health: HealthConfiguration
    package var workerToken: Secret
    package var gatewayURL: URL
    package var workerID: String
    package var maxSessions: Int
    /// Where this worker is reachable; nil = derived from the host name and the health port at start.
    package var endpoint: String?
    package var sealingKeyring: SealingKeyring
    /// The sandbox engine's QR ref lifetimes.
    package var qrFirst: Duration
    package var qrNext: Duration
    package var qrRefs: Int
    /// Sending pace of sessions without their own.
    var pacing: SendPacing.Rules
    /// Provider endpoints of the Cloud API and Twilio engines.
    var engines: EngineSettings
    /// Waits between reconnects of a dropped session.
    package var reconnectBackoff: ReconnectBackoff
    /// Silence after which a connected session is reconnected.
    package var watchdog: Duration
    /// The sandbox engine's keep-alive interval.
    package var sandboxKeepAlive: Duration

    package init(reader: EnvironmentConfiguration) {
        runtime = RuntimeConfiguration(reader: reader)
        stores = StoreConfiguration(reader: reader)
        health = HealthConfiguration(reader: reader)
        workerToken = reader.secret("AP_WORKER_TOKEN")
        gatewayURL = reader.url("AP_GATEWAY_URL", schemes: ["http", "https"])
        workerID = Self.readWorkerID(reader)
        maxSessions = reader.int("AP_MAX_SESSIONS", default: 50, range: 1...10000)
        endpoint =
            reader.optionalString("AP_WORKER_ENDPOINT") == nil
            ? nil : reader.url("AP_WORKER_ENDPOINT", schemes: ["http", "https"]).absoluteString
        sealingKeyring = SealingKeyring.read(from: reader)
        qrFirst = reader.seconds("AP_QR_FIRST_SECONDS", default: .seconds(60), range: 0.1...600)
        qrNext = reader.seconds("AP_QR_NEXT_SECONDS", default: .seconds(20), range: 0.1...600)
        qrRefs = reader.int("AP_QR_REFS", default: 6, range: 1...20)
        pacing = SendPacing.Rules(
            minimumGap: reader.seconds("AP_WA_MIN_GAP_SECONDS", default: .seconds(8), range: 0...3600),
            jitter: reader.seconds("AP_WA_JITTER_SECONDS", default: .seconds(4), range: 0...3600),
            dailyCap: reader.int("AP_WA_DAILY_CAP", default: 200, range: 1...100_000))
        engines = EngineSettings(reader: reader)
        reconnectBackoff = ReconnectBackoff(
            base: reader.seconds("AP_WA_RECONNECT_BASE_SECONDS", default: .seconds(1), range: 0.1...600),
            cap: reader.seconds("AP_WA_RECONNECT_MAX_SECONDS", default: .seconds(60), range: 0.1...3600))
        watchdog = reader.seconds("AP_WA_WATCHDOG_SECONDS", default: .seconds(300), range: 0.5...86_400)
        sandboxKeepAlive = reader.seconds("AP_WA_SANDBOX_KEEPALIVE_SECONDS", default: .seconds(25), range: 0.1...3600)
    }

    private static let workerIDForm = WorkerID.rule

    /// Worker ids end up inside Redis hash tags (`ap:{q:wa:<id>}`): the rule is ``WorkerID``'s.
    package static func isWorkerID(_ value: String) -> Bool {
        WorkerID.isValid(value)
    }

    private static func readWorkerID(_ reader: EnvironmentConfiguration) -> String {
        if reader.optionalString("AP_WORKER_ID") != nil {
            return reader.string("AP_WORKER_ID", default: "", expected: workerIDForm, isValid: isWorkerID)
        }
        let hostName = ProcessInfo.processInfo.hostName
        guard isWorkerID(hostName) else {
            reader.report("AP_WORKER_ID", .missing, expected: workerIDForm + " (the host name does not qualify)")
            return ""
        }
        return hostName
    }
}
