import Foundation
import JobRuntime

/// The `lobstr.run` job on the `scraping` queue: ingest one Lobstr run of one account. Its id,
/// `lobstr-<accountId>-<runId>`, makes a repeated webhook (Lobstr retries) one job.
package struct ScrapingJob: Codable, Sendable, Hashable {
    package static let name = "lobstr.run"

    package var accountId: UUID
    package var runId: String

    package init(accountId: UUID, runId: String) {
        self.accountId = accountId
        self.runId = runId
    }

    package var request: JobRequest {
        JobRequest(
            name: Self.name, payload: (try? Array(JSONEncoder().encode(self))) ?? [],
            id: "lobstr-\(accountId.uuidString.lowercased())-\(runId)", accountID: accountId.uuidString.lowercased())
    }

    package static func decode(_ payload: [UInt8]) -> ScrapingJob? {
        try? JSONDecoder().decode(Self.self, from: Data(payload))
    }
}
