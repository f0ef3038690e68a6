import Domain
import Foundation
import Hummingbird
import JobRuntime
import Logging
import MessageStore
import Postgres
import ServiceRuntime

/// The account's view of the queues, under `/api` (behind ``AccountAuthMiddleware``). Only queues that
/// carry messages are account queues (`sms`, `voice`); another queue answers 404 `unknown-queue`, and a
/// job or dead letter of another account answers 404 like one that does not exist.
///
/// - `GET /api/queues/stats` → `[AccountQueueStats]`; `GET /api/queues/{queue}/stats` → one;
/// - `GET /api/jobs/{queue}/{jobId}` → the job's `JobStatus` (a message's job id is its message id);
/// - `GET /api/queues/{queue}/dead-letters?limit=N` → the account's dead letters not yet replayed, newest first;
/// - `POST /api/queues/{queue}/dead-letters/{id}/replay` → 202 ``ReplayAccepted``.
///
/// Everything here reads Postgres through indexes (`messages` by account, channel and status; `dead_letters` by
/// account and queue), never a scan of Redis entries: the answers stay right and cheap however long the Redis
/// streams are, or after they were trimmed.
struct AccountQueueController: Sendable {
    static let accountQueues: [QueueName] = [.sms, .voice]

    let stores: ServiceStores
    let queues: @Sendable (QueueName) -> JobQueue

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.get("queues/stats") { _, context in
            var all: [AccountQueueStats] = []
            for queue in Self.accountQueues { all.append(try await stats(queue, account: context.accountID)) }
            return try Response.json(all)
        }
        group.get("queues/:queue/stats") { _, context in
            try Response.json(try await stats(try Self.queue(context), account: context.accountID))
        }
        group.get("jobs/:queue/:jobId") { _, context in try await job(context) }
        group.get("queues/:queue/dead-letters") { request, context in
            let letters = try await deadLetters(
                try Self.queue(context), account: context.accountID, limit: try AdminParameters.limit(request))
            return try Response.json(letters.map(DeadLetterResource.init))
        }
        group.post("queues/:queue/dead-letters/:id/replay") { _, context in try await replay(context) }
    }

    static func queue(_ context: AccountRequestContext) throws -> QueueName {
        let name = try AdminParameters.queue(context)
        guard accountQueues.contains(name) else {
            throw ProblemDetails(
                status: .notFound, type: "urn:auto-prospect:problem:unknown-queue",
                detail: "No such account queue: account queues are sms and voice.")
        }
        return name
    }

    func stats(_ queue: QueueName, account: UUID) async throws -> AccountQueueStats {
        let rows = try await stores.postgres.query(
            """
            select status, (scheduled_at is not null and scheduled_at > now()) as later, count(*)::int8 as n
            from messages where account_id = $1 and channel = $2 group by 1, 2
            """,
            [account, queue.rawValue])
        var stats = AccountQueueStats(queue: queue.rawValue)
        for row in rows {
            let count = Int(try row.decode(Int64.self, "n"))
            switch try row.decode(String.self, "status") {
            case "pending", "queued":
                if try row.decode(Bool.self, "later") { stats.scheduled += count } else { stats.waiting += count }
            case "sent": stats.sent += count
            case "delivered": stats.delivered += count
            case "undelivered": stats.undelivered += count
            case "failed": stats.failed += count
            case "cancelled": stats.cancelled += count
            default: break
            }
        }
        stats.deadLetters = try await DeadLetterArchive(pool: stores.postgres).count(
            queue: queue.rawValue, account: account.uuidString.lowercased())
        return stats
    }

    func job(_ context: AccountRequestContext) async throws -> Response {
        let unknown = ProblemDetails(
            status: .notFound, type: "urn:auto-prospect:problem:unknown-job",
            detail: "This account has no job with this id in this queue (or it completed past the retention).")
        let queue = try Self.queue(context)
        // Account jobs are message sends, whose job id is the message id: ownership is the message's.
        guard let jobID = AdminParameters.path("jobId", context), let messageID = UUID(uuidString: jobID),
            let message = try await MessageRepository(pool: stores.postgres, logger: context.logger).load(
                id: messageID),
            message.accountID == context.accountID, message.channel.rawValue == queue.rawValue
        else { throw unknown }
        let status = try await queues(queue).status(of: jobID.lowercased())
        guard status.state != .unknown else { throw unknown }
        return try Response.json(status)
    }

    func deadLetters(_ queue: QueueName, account: UUID, limit: Int) async throws -> [DeadLetter] {
        try await DeadLetterArchive(pool: stores.postgres).letters(
            queue: queue.rawValue, account: account.uuidString.lowercased(), limit: limit)
    }

    func replay(_ context: AccountRequestContext) async throws -> Response {
        let queue = try Self.queue(context)
        return try await DeadLetterAdminController(stores: stores).replay(
            queue, deadLetterID: AdminParameters.path("id", context) ?? "",
            account: context.accountID.uuidString.lowercased(), logger: context.logger)
    }
}
