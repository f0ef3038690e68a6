import Hummingbird

/// `GET /health`, `GET /ready` and `GET /metrics` for any router: the gateway adds them to its API, the other
/// services serve them from a ``HealthServer``.
///
/// - `/health` answers 200 ``HealthStatus`` as long as the process serves HTTP (liveness).
/// - `/ready` runs the readiness checks and answers 200 or 503 with the ``ReadinessReport`` (readiness).
/// - `/metrics` answers the process's metrics in Prometheus' text format (``PrometheusExport``).
package struct HealthRoutes: Sendable {
    package let readiness: Readiness

    package init(service: String, checks: [ReadinessCheck]) {
        self.readiness = Readiness(service: service, checks: checks)
    }

    /// Adds both routes to `router`.
    package func register<Context: RequestContext>(on router: some RouterMethods<Context>) {
        let readiness = self.readiness
        router.get("health") { _, _ in
            try Response.json(HealthStatus(service: readiness.service))
        }
        router.get("ready") { _, _ in
            let report = await readiness.evaluate()
            return try Response.json(report, status: report.status == .ready ? .ok : .serviceUnavailable)
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: PrometheusExport.text())))
        }
    }
}
