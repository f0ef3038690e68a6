import Metrics

/// Webhook attempts by outcome (`succeeded`, `retried`, `dead`) with their durations. No label carries an
/// endpoint, an account or a URL.
struct WebhookMetrics: Sendable {
    private let succeeded = Counter(label: "ap_webhook_attempts_total", dimensions: [("outcome", "succeeded")])
    private let retried = Counter(label: "ap_webhook_attempts_total", dimensions: [("outcome", "retried")])
    private let dead = Counter(label: "ap_webhook_attempts_total", dimensions: [("outcome", "dead")])
    private let duration = Timer(label: "ap_webhook_attempt_duration_seconds", preferredDisplayUnit: .seconds)

    func record(_ next: WebhookDeliveryStore.Next, latencyMs: Int) {
        duration.recordMilliseconds(latencyMs)
        switch next {
        case .succeeded: succeeded.increment()
        case .retry: retried.increment()
        case .dead: dead.increment()
        }
    }
}
