import Foundation
import HuntStore
import JobRuntime
import Logging
import Outbox
import ServiceLifecycle

/// Enqueues one `hunt.run` a local day for every active hunt, from the one replica that holds the
/// ``LeaderLease``: every `interval` the leader pages through the active hunts (any number of them, 500 at a
/// time) and enqueues `hunt-<huntId>-<yyyy-MM-dd>` (the date in the hunt's time zone; Europe/Paris without a
/// window), an id the queue keeps once, so asking again the same day (every interval, or a new leader) adds
/// nothing. A hunt whose enqueue fails is tried again at the next pass; it never holds up the others. Each pass
/// also asks for a `reroute` run of the hunts whose sends failed since the last.
struct HuntScheduler: Service {
    let lease: LeaderLease
    let hunts: HuntRepository
    let queue: JobQueue
    let interval: Duration
    /// The hunts' clock (the wall clock outside tests): which local day it is.
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        var leading = false
        var lastPass = ContinuousClock.now - interval
        await repeatUntilShutdown(every: .milliseconds(500)) {
            let holds: Bool
            do {
                holds = try await lease.acquireOrRenew()
            } catch {
                holds = false
                logger.warning("cannot reach the scheduler lease", metadata: ["error": "\(error)"])
            }
            if holds != leading {
                leading = holds
                logger.info(holds ? "hunt scheduler leading" : "hunt scheduler no longer leading")
            }
            guard holds, ContinuousClock.now - lastPass >= interval else { return }
            lastPass = .now
            await schedule()
        }
        await lease.release()
    }

    /// One pass over every active hunt.
    private func schedule() async {
        var after: UUID?
        var enqueued = 0
        while true {
            let page: [Hunt]
            do {
                page = try await hunts.active(after: after, limit: 500)
            } catch {
                logger.warning("cannot page the active hunts", metadata: ["error": "\(error)"])
                return
            }
            guard let last = page.last else { break }
            after = last.id
            let requests = page.map { hunt in
                HuntRunJob(accountId: hunt.accountID, huntId: hunt.id).request(id: Self.jobID(hunt, at: now()))
            }
            do {
                enqueued += try await queue.enqueue(requests).filter {
                    if case .duplicate = $0 { false } else { true }
                }.count
            } catch {
                logger.warning("cannot enqueue the day's hunt runs", metadata: ["error": "\(error)"])
            }
        }
        if enqueued > 0 { logger.info("hunt runs scheduled", metadata: ["hunts.enqueued": "\(enqueued)"]) }
        await scheduleReroutes()
    }

    /// A `reroute` run for each hunt with failed sends, once per new failure (`hunt-<huntId>-reroute-<n>`, n the
    /// hunt's count of failed sends), so a failed send moves to its step's next channel within a pass, not the
    /// next day.
    private func scheduleReroutes() async {
        do {
            let requests = try await hunts.withFailedSends().map { hunt, failed in
                HuntRunJob(accountId: hunt.accountID, huntId: hunt.id, kind: "reroute").request(
                    id: "hunt-\(hunt.id.uuidString.lowercased())-reroute-\(failed)")
            }
            guard !requests.isEmpty else { return }
            _ = try await queue.enqueue(requests)
        } catch {
            logger.warning("cannot schedule the reroute runs", metadata: ["error": "\(error)"])
        }
    }

    /// `hunt-<huntId>-<yyyy-MM-dd>` in the hunt's time zone.
    static func jobID(_ hunt: Hunt, at instant: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = HuntRunner.window(hunt.definition.window).timeZone
        formatter.dateFormat = "yyyy-MM-dd"
        return "hunt-\(hunt.id.uuidString.lowercased())-\(formatter.string(from: instant))"
    }
}
