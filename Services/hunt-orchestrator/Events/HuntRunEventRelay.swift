import Foundation
import HuntStore
import JobRuntime
import Logging
import Outbox
import ServiceLifecycle

/// Publishes `hunt.run.completed` for runs whose event the runner could not publish right after recording it
/// (Redis down, a crash between the two): `hunt_runs` is its own outbox.
struct HuntRunEventRelay: Service {
    let runs: HuntRunStore
    let queue: JobQueue
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await repeatUntilShutdown(every: interval) {
            _ = await relayInBatches(batchSize: 200, failure: "hunt run event relay pass failed", logger: logger) {
                try await runs.relayUnpublished(limit: 200, minimumAge: .seconds(5), publish: publish)
            }
        }
    }

    private func publish(_ records: [HuntRunRecord]) async throws {
        _ = try await queue.enqueue(records.map { HuntRunCompletedEvent($0).request })
    }
}
