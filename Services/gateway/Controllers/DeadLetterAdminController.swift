import Domain
import Hummingbird
import JobRuntime
import Logging
import ServiceRuntime

/// Dead letters of a queue, under `/api/admin/queues` (behind ``AdminAuthMiddleware``):
///
/// - `GET /api/admin/queues/{queue}/dead-letters?limit=N` → `[DeadLetterResource]`, newest first; `limit`
///   1…500, default 100, anything else 400 naming the parameter;
/// - `POST /api/admin/queues/{queue}/dead-letters/{id}/replay` → 202 ``ReplayAccepted``: the job is back on
///   its queue with fresh attempts, and its rows in `dead_letters` get `replayed_at`; 404 when the queue has
///   no such dead letter.
struct DeadLetterAdminController: Sendable {
    let stores: ServiceStores

    func register<Context: RequestContext>(on queues: RouterGroup<Context>) {
        queues.get(":queue/dead-letters") { request, context in
            try await list(AdminParameters.queue(context), limit: AdminParameters.limit(request))
        }
        queues.post(":queue/dead-letters/:id/replay") { _, context in
            try await replay(
                AdminParameters.queue(context), deadLetterID: AdminParameters.path("id", context) ?? "",
                logger: context.logger)
        }
    }

    func list(_ name: QueueName, limit: Int) async throws -> Response {
        let letters = try await stores.queue(named: name.rawValue).deadLetters(limit: limit)
        return try Response.json(letters.map(DeadLetterResource.init))
    }

    func replay(_ name: QueueName, deadLetterID: String, logger: Logger) async throws -> Response {
        let notFound = ProblemDetails(
            status: .notFound, type: "urn:auto-prospect:problem:unknown-dead-letter",
            detail: "The queue has no dead letter with this id (it may have been replayed already).")
        // Anything but a stream id would make Redis answer an error rather than "no such entry".
        guard AdminParameters.isStreamID(deadLetterID) else { throw notFound }
        let jobID: String
        do {
            jobID = try await stores.queue(named: name.rawValue).replay(deadLetterID: deadLetterID)
        } catch JobRuntimeError.notFound(_) {
            throw notFound
        }
        var metadata: Logger.Metadata = [
            "queue.name": "\(name)", "job.id": "\(jobID)", "dead_letter.id": "\(deadLetterID)",
        ]
        do {
            try await stores.deadLetterRecorder.markReplayed(queue: name.rawValue, jobID: jobID)
        } catch {
            // The replay itself happened (Redis is the source of truth for queued work); only the audit
            // stamp is missing, so the client still gets its 202.
            metadata["error.message"] = "\(error)"
            logger.warning("Dead letter replayed but not stamped in dead_letters", metadata: metadata)
        }
        logger.info("Dead letter replayed", metadata: metadata)
        return try Response.json(ReplayAccepted(jobId: jobID), status: .accepted)
    }
}
