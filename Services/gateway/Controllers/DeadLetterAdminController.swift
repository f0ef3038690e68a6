import Domain
import Hummingbird
import JobRuntime
import Logging
import ServiceRuntime

/// Dead letters of a queue, under `/api/admin/queues` (behind ``AdminAuthMiddleware``), read from the
/// `dead_letters` table (``DeadLetterArchive``), not from the Redis `:dead` stream:
///
/// - `GET /api/admin/queues/{queue}/dead-letters?limit=N` → `[DeadLetterResource]`, newest first, not yet
///   replayed; `limit` 1…500, default 100, anything else 400 naming the parameter;
/// - `POST /api/admin/queues/{queue}/dead-letters/{id}/replay` → 202 ``ReplayAccepted``: the job is back on
///   its queue with fresh attempts (from the `:dead` stream, or from its row when Redis trimmed it), and its
///   rows in `dead_letters` get `replayed_at`; 404 when the queue has no such dead letter.
struct DeadLetterAdminController: Sendable {
    let stores: ServiceStores

    var archive: DeadLetterArchive { DeadLetterArchive(pool: stores.postgres) }

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
        let letters = try await archive.letters(queue: name.rawValue, limit: limit)
        return try Response.json(letters.map(DeadLetterResource.init))
    }

    /// Replays one letter; with `account`, only that account's (another's answers 404 like a missing one).
    func replay(_ name: QueueName, deadLetterID: String, account: String? = nil, logger: Logger) async throws
        -> Response
    {
        let notFound = ProblemDetails(
            status: .notFound, type: "urn:auto-prospect:problem:unknown-dead-letter",
            detail: "The queue has no dead letter with this id (it may have been replayed already).")
        // Anything but a stream id would make Redis answer an error rather than "no such entry".
        guard AdminParameters.isStreamID(deadLetterID) else { throw notFound }
        let archived = try await archive.letter(queue: name.rawValue, deadLetterID: deadLetterID, account: account)
        if account != nil, archived == nil { throw notFound }
        let queue = stores.queue(named: name.rawValue)
        let jobID: String
        do {
            jobID = try await queue.replay(deadLetterID: deadLetterID)
        } catch JobRuntimeError.notFound(_) {
            // Trimmed from the `:dead` stream (or never there): the row holds everything the job needs.
            guard let archived else { throw notFound }
            try await queue.requeue(archived)
            jobID = archived.jobID
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
