import Domain
import Foundation
import JobRuntime
import Outbox
import Redis
import TestSupport

/// Reaches a WhatsApp worker's command queue from a test, as a failover or a reclaim would: a second
/// `wa.send` delivery of a message that already has one.
struct WorkerQueueProbe {
    let queue: JobQueue
    let jobID: String

    /// Enqueues another `wa.send` job for `messageID` on `workerID`'s queue (under a job id of its own, so the
    /// queue does not fold it into the first), with the stores of `environment` (`AP_REDIS_URL`,
    /// `AP_REDIS_PREFIX`).
    static func enqueueDuplicateSend(
        of messageID: UUID, onWorker workerID: String, environment: [String: String]
    ) async throws -> WorkerQueueProbe {
        let redis = try RedisConfiguration(url: environment["AP_REDIS_URL"] ?? TestEnvironment.redisURL)
            .makeSharedClient()
        let queue = JobQueue(
            name: QueueName.whatsAppWorker(workerID).rawValue, redis: redis,
            prefix: environment["AP_REDIS_PREFIX"] ?? "ap:")
        let jobID = "duplicate-\(messageID.uuidString.lowercased())"
        try await queue.enqueue(
            JobRequest(name: WhatsAppSendJob.name, payload: SMSSendJob(messageId: messageID).encoded(), id: jobID))
        return WorkerQueueProbe(queue: queue, jobID: jobID)
    }

    /// Waits until the duplicate job completed (it may wait for a lease first), then closes the connection.
    func waitUntilCompleted(timeout: Duration) async throws -> Bool {
        let completed = try await eventually(timeout: timeout, every: .milliseconds(200)) {
            try await queue.status(of: jobID).state == .completed
        }
        await queue.redis.close()
        return completed
    }
}
