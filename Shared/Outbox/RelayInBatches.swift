import Logging

/// One pass of an outbox relay: `publishBatch` publishes up to `batchSize` rows and returns how many; it runs
/// again while batches come back full, and stops at the first error (logged as `failure`: the next pass
/// retries). Returns how many rows were published.
package func relayInBatches(
    batchSize: Int, failure: String, logger: Logger, _ publishBatch: () async throws -> Int
) async -> Int {
    var published = 0
    while !Task.isCancelled {
        do {
            let count = try await publishBatch()
            published += count
            if count < batchSize { break }
        } catch {
            logger.warning("\(failure)", metadata: ["error": "\(error)"])
            break
        }
    }
    return published
}
