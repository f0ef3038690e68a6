import Domain
import Foundation
import JobRuntime
import MessageStore

/// Every invariant that keeps messages and credit holds from being stuck: the Postgres ones of
/// ``InvariantCheck`` (nothing unsent past the expiry; held credits equal the holds of unsent messages) and
/// the Redis one, every `queued` message has a live job (waiting, active or delayed) under its message id on
/// one of its channel's queues. Tests call ``run()`` at their end; the gateway answers it on
/// `GET /api/admin/invariants`.
///
/// The job check looks at the oldest `queuedScanLimit` queued messages (one Redis round trip each) and
/// counts only those still `queued` when it is done, so a message that moved on meanwhile is no violation.
package struct MessageInvariantCheck: Sendable {
    /// The queues a channel's send jobs can be on (the `sms` queue; every worker's `wa:<id>` queue).
    package typealias ChannelQueues = @Sendable () async throws -> [Channel: [JobQueue]]

    let store: InvariantCheck
    let queues: ChannelQueues
    let queuedScanLimit: Int

    package init(store: InvariantCheck, queuedScanLimit: Int = 5_000, queues: @escaping ChannelQueues) {
        self.store = store
        self.queues = queues
        self.queuedScanLimit = queuedScanLimit
    }

    /// All invariants; `ok` when none is violated.
    package func run() async throws -> InvariantReport {
        var violations = try await store.run()
        if let jobs = try await queuedWithoutJob() { violations.append(jobs) }
        return InvariantReport(violations: violations)
    }

    /// `queued` messages without a live job on any of their channel's queues.
    package func queuedWithoutJob() async throws -> InvariantViolation? {
        let queued = try await store.queuedMessages(limit: queuedScanLimit)
        guard !queued.isEmpty else { return nil }
        let byChannel = try await queues()
        var suspects: [UUID] = []
        for message in queued where !(try await hasLiveJob(message, on: byChannel[message.channel] ?? [])) {
            suspects.append(message.id)
        }
        let stuck = try await store.stillQueued(suspects)
        guard !stuck.isEmpty else { return nil }
        return InvariantViolation(
            invariant: .queuedWithoutJob, count: stuck.count, sampleIds: stuck.map { $0.uuidString.lowercased() })
    }

    private func hasLiveJob(_ message: StoredMessage, on queues: [JobQueue]) async throws -> Bool {
        let jobID = message.id.uuidString.lowercased()
        for queue in queues {
            switch try await queue.status(of: jobID).state {
            case .waiting, .active, .delayed: return true
            case .completed, .failed, .unknown: continue
            }
        }
        return false
    }
}
