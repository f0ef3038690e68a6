import Foundation
import Postgres

/// A `hunts` row.
package struct Hunt: Sendable, Hashable {
    package enum Status: String, Sendable {
        case active
        case paused
    }

    package let id: UUID
    package let accountID: UUID
    package let status: Status
    package let definition: HuntDefinition
    package let lastScanAt: Date?
    package let createdAt: Date
    package let updatedAt: Date

    static let columns = """
        id, account_id, status, name, squid_id, criteria::text as criteria, steps::text as steps, daily_limit,
        sending_window::text as sending_window, last_scan_at, created_at, updated_at
        """

    init(row: PostgresRow) throws(HuntStoreError) {
        do {
            guard let status = Status(rawValue: try row.decode(String.self, "status")) else {
                throw HuntStoreError.invalidRow("unknown hunt status")
            }
            let decoder = JSONDecoder()
            id = try row.decode(UUID.self, "id")
            accountID = try row.decode(UUID.self, "account_id")
            self.status = status
            definition = HuntDefinition(
                name: try row.decode(String.self, "name"), squidId: try row.decode(String?.self, "squid_id"),
                criteria: try decoder.decode(
                    HuntCriteria.self, from: Data(try row.decode(String.self, "criteria").utf8)),
                steps: try decoder.decode([HuntStep].self, from: Data(try row.decode(String.self, "steps").utf8)),
                dailyLimit: try row.decode(Int?.self, "daily_limit"),
                window: try row.decode(String?.self, "sending_window").map {
                    try decoder.decode(SendingWindow.self, from: Data($0.utf8))
                })
            lastScanAt = try row.decode(Date?.self, "last_scan_at")
            createdAt = try row.decode(Date.self, "created_at")
            updatedAt = try row.decode(Date.self, "updated_at")
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}
