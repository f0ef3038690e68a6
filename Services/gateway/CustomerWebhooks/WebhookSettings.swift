import ServiceRuntime

/// How customer webhooks are delivered (`AP_WEBHOOK_*`):
///
/// - `AP_WEBHOOK_RETRY_SCHEDULE`: seconds to wait after each failed attempt, comma-separated; after the last
///   one the delivery is dead-lettered. Default `5,60,300,1800,7200,18000,28800,28800`: nine attempts over
///   about 23.6 h;
/// - `AP_WEBHOOK_TIMEOUT_SECONDS` (10): one attempt's whole request;
/// - `AP_WEBHOOK_DISABLE_AFTER_DEAD` (5): an endpoint whose deliveries are dead-lettered this many times in a
///   row is disabled (event `webhook.endpoint.disabled`) until the account enables it again;
/// - `AP_WEBHOOK_SECRET_GRACE_SECONDS` (86400): how long a rotated-out secret still signs;
/// - `AP_WEBHOOK_ALLOWED_HOSTS`: host names (comma-separated) whose URLs skip the private-address guard, for
///   a local receiver (`127.0.0.1,localhost` in the tests and the local run); empty in production;
/// - `AP_WEBHOOK_LEASE_SECONDS` (30): how long a gateway holds an endpoint it delivers (another takes over
///   after a crash); `AP_WEBHOOK_POLL_MILLISECONDS` (500): how often due deliveries are looked for.
package struct WebhookSettings: Sendable {
    package var retrySchedule: [Duration] = [5, 60, 300, 1800, 7200, 18_000, 28_800, 28_800].map { .seconds($0) }
    package var timeout: Duration = .seconds(10)
    package var disableAfterDead = 5
    package var secretGrace: Duration = .seconds(86_400)
    package var allowedHosts: Set<String> = []
    package var lease: Duration = .seconds(30)
    package var pollInterval: Duration = .milliseconds(500)
    /// Endpoints one gateway delivers at once.
    package var concurrency = 8

    package init() {}

    package init(reader: EnvironmentConfiguration) {
        if let text = reader.optionalString("AP_WEBHOOK_RETRY_SCHEDULE") {
            let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            if !parts.isEmpty, parts.allSatisfy({ $0.map { $0 >= 0 && $0 <= 604_800 } ?? false }) {
                retrySchedule = parts.map { .milliseconds(Int64($0! * 1000)) }
            } else {
                _ = reader.int("AP_WEBHOOK_RETRY_SCHEDULE", default: 0, range: 0...0)  // reports it malformed
            }
        }
        timeout = reader.seconds("AP_WEBHOOK_TIMEOUT_SECONDS", default: .seconds(10), range: 0.1...120)
        disableAfterDead = reader.int("AP_WEBHOOK_DISABLE_AFTER_DEAD", default: 5, range: 1...10_000)
        secretGrace = reader.seconds("AP_WEBHOOK_SECRET_GRACE_SECONDS", default: .seconds(86_400), range: 0...2_592_000)
        allowedHosts = Set(
            (reader.optionalString("AP_WEBHOOK_ALLOWED_HOSTS") ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
        lease = reader.seconds("AP_WEBHOOK_LEASE_SECONDS", default: .seconds(30), range: 1...3600)
        pollInterval = .milliseconds(reader.int("AP_WEBHOOK_POLL_MILLISECONDS", default: 500, range: 10...60_000))
    }
}
