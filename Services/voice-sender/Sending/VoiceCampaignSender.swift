import Foundation
import Logging
import MessageStore
import Outbox
import ServiceLifecycle

/// Sends due voice campaigns (``VoiceCampaignStore/due(quiet:maxWait:limit:)``) until graceful shutdown, up to
/// ``VoiceSendPolicy/concurrency`` at once, each through a ``VoiceCampaignAttempt``. Every replica runs one:
/// the campaign lease decides which of them sends a campaign, and the Redis token bucket holds Voice Partner's
/// limits across all of them. A campaign that cannot go now (rate limit) is not asked about again here before
/// its wait is over; meanwhile an open one keeps gathering drops.
package struct VoiceCampaignSender: Service {
    let campaigns: VoiceCampaignStore
    let attempt: VoiceCampaignAttempt
    let policy: VoiceSendPolicy
    let interval: Duration
    let logger: Logger

    init(attempt: VoiceCampaignAttempt, interval: Duration = .milliseconds(250)) {
        campaigns = attempt.campaigns
        self.attempt = attempt
        policy = attempt.policy
        self.interval = interval
        logger = attempt.logger
    }

    package func run() async throws {
        var notBefore: [UUID: ContinuousClock.Instant] = [:]
        await repeatUntilShutdown(every: interval) {
            let now = ContinuousClock.now
            notBefore = notBefore.filter { $0.value > now }
            let due: [UUID]
            do {
                due = try await campaigns.due(quiet: policy.quiet, maxWait: policy.maxWait, limit: 50)
                    .filter { notBefore[$0] == nil }
            } catch {
                logger.warning("cannot read the due voice campaigns", metadata: ["error": "\(error)"])
                return
            }
            for (id, wait) in await send(Array(due.prefix(policy.concurrency * 4))) {
                notBefore[id] = .now + wait
            }
        }
    }

    /// Runs the attempts, `policy.concurrency` at a time; returns how long those that must wait should.
    private func send(_ ids: [UUID]) async -> [(UUID, Duration)] {
        await withTaskGroup(of: (UUID, Duration)?.self) { group in
            var waits: [(UUID, Duration)] = []
            var running = 0
            for id in ids {
                if running == policy.concurrency, let finished = await group.next() {
                    running -= 1
                    if let finished { waits.append(finished) }
                }
                running += 1
                group.addTask {
                    do {
                        if case .later(let after?) = try await attempt.run(campaignID: id) { return (id, after) }
                    } catch {
                        logger.warning(
                            "voice campaign attempt failed; retried",
                            metadata: ["campaign.id": "\(id)", "error": "\(error)"])
                        return (id, .seconds(1))
                    }
                    return nil
                }
            }
            for await finished in group { if let finished { waits.append(finished) } }
            return waits
        }
    }
}
