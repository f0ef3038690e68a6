import Foundation
import Metrics
import Prometheus
import Synchronization

/// The process's metrics: swift-metrics bootstrapped once with the Prometheus backend, read at `GET /metrics`
/// (``HealthRoutes``) in Prometheus' text format. Names and label keys are made Prometheus-safe
/// (`http.route` → `http_route`); labels carry routes, queues, outcomes and status codes only.
package enum PrometheusExport {
    package static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = Mutex(false)

    /// Makes Prometheus the swift-metrics backend; later calls (tests that start several services in one
    /// process) do nothing.
    package static func bootstrap() {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = { name, labels in
            (renamed[name] ?? safe(name), labels.map { (safe($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
    }

    /// Hummingbird's metric names, in Prometheus' conventions (`_total` on counters, the unit on durations).
    static let renamed = [
        "hb.requests": "http_requests_total", "hb.request.errors": "http_request_errors_total",
        "http.server.request.duration": "http_server_request_duration_seconds",
        "http.server.active_requests": "http_server_active_requests",
    ]

    /// The current figures, Prometheus text format 0.0.4.
    package static func text() -> String { registry.emitToString() }

    /// A Prometheus name: letters, digits and `_` only, not starting with a digit.
    static func safe(_ name: String) -> String {
        var result = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if result.first?.isNumber == true { result = "_" + result }
        return result
    }
}
