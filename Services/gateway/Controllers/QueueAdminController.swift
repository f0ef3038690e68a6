import Domain
import Hummingbird
import JobRuntime
import ServiceRuntime

/// Queue inspection for operators, under `/api/admin/queues` (behind ``AdminAuthMiddleware``):
///
/// - `GET /api/admin/queues` → `[QueueStats]` of the fixed queues (`sms`, `voice`, `hunt`, `scraping`,
///   `inbound`, `events`), in that order;
/// - `GET /api/admin/queues/{queue}` → one queue's `QueueStats` (`wa:<workerId>` queues too);
/// - `GET /api/admin/queues/{queue}/jobs/{jobId}` → the job's `JobStatus`, 404 when the queue has no trace
///   of it (never enqueued, or completed longer ago than the retention).
///
/// An unknown queue name answers 404 `unknown-queue`.
struct QueueAdminController: Sendable {
    let stores: ServiceStores

    func register<Context: RequestContext>(on queues: RouterGroup<Context>) {
        queues.get { _, _ in try await listQueues() }
        queues.get(":queue") { _, context in try await showQueue(AdminParameters.queue(context)) }
        queues.get(":queue/jobs/:jobId") { _, context in
            try await showJob(AdminParameters.queue(context), id: AdminParameters.path("jobId", context) ?? "")
        }
    }

    func listQueues() async throws -> Response {
        var stats: [QueueStats] = []
        for name in QueueName.fixed {
            stats.append(try await stores.queue(named: name.rawValue).stats())
        }
        return try Response.json(stats)
    }

    func showQueue(_ name: QueueName) async throws -> Response {
        try Response.json(try await stores.queue(named: name.rawValue).stats())
    }

    func showJob(_ name: QueueName, id: String) async throws -> Response {
        let unknown = ProblemDetails(
            status: .notFound, type: "urn:auto-prospect:problem:unknown-job",
            detail: "The queue has no job with this id (never enqueued, or completed past the retention).")
        guard AdminParameters.isJobID(id) else { throw unknown }
        let status = try await stores.queue(named: name.rawValue).status(of: id)
        guard status.state != .unknown else { throw unknown }
        return try Response.json(status)
    }
}
