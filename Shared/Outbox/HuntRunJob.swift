import Foundation
import JobRuntime

/// The `hunt.run` job on the `hunt` queue: run one hunt now. The daily scheduler's id is
/// `hunt-<huntId>-<local date>` (one a day); `POST /api/hunts/{id}/run` gives each request its own.
package struct HuntRunJob: Codable, Sendable, Hashable {
    package static let name = "hunt.run"

    package var accountId: UUID
    package var huntId: UUID
    /// `reroute`: only move failed sends to their step's next channel (the scheduler's
    /// `hunt-<huntId>-reroute-<n>`, n the hunt's count of failed sends); absent: the whole run.
    package var kind: String?

    package init(accountId: UUID, huntId: UUID, kind: String? = nil) {
        self.accountId = accountId
        self.huntId = huntId
        self.kind = kind
    }

    package func request(id: String) -> JobRequest {
        JobRequest(
            name: Self.name, payload: (try? Array(JSONEncoder().encode(self))) ?? [], id: id,
            accountID: accountId.uuidString.lowercased())
    }

    package static func decode(_ payload: [UInt8]) -> HuntRunJob? {
        try? JSONDecoder().decode(Self.self, from: Data(payload))
    }
}
