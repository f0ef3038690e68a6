import Foundation
import JobRuntime

/// The `hunt.run` job on the `hunt` queue: run one hunt now. The daily scheduler's id is
/// `hunt-<huntId>-<local date>` (one a day); `POST /api/hunts/{id}/run` gives each request its own.
package struct HuntRunJob: Codable, Sendable, Hashable {
    package static let name = "hunt.run"

    package var accountId: UUID
    package var huntId: UUID

    package init(accountId: UUID, huntId: UUID) {
        self.accountId = accountId
        self.huntId = huntId
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
