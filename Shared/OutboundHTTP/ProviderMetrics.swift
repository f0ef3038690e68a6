import Metrics

/// Calls to third parties by provider (``OutboundRequest/provider``: `twilio`, `smsmobileapi`, `cloud`,
/// `voicepartner`, `lobstr`, `webhook`…) and outcome — the answer's status class (`2xx`…`5xx`) or the error code
/// when none came (`timeout`, `connect_failed`, `address_refused`…) — with their durations. No label carries a
/// URL, a host or an account.
enum ProviderMetrics {
    static func record(provider: String, outcome: String, duration: Duration) {
        Counter(label: "ap_provider_requests_total", dimensions: [("provider", provider), ("outcome", outcome)])
            .increment()
        Timer(
            label: "ap_provider_request_duration_seconds", dimensions: [("provider", provider)],
            preferredDisplayUnit: .seconds
        ).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    static func outcome(_ result: Result<OutboundResponse, OutboundHTTPError>) -> String {
        switch result {
        case .success(let response): "\(min(max(response.statusCode / 100, 1), 5))xx"
        case .failure(let error): error.code
        }
    }
}
