import Foundation
import Postgres

/// A `lobstr_runs` row: one run Lobstr reported, and how far its ingestion got.
package struct LobstrRun: Sendable, Hashable {
    package enum Status: String, Sendable {
        /// Reported done; its results are being ingested from `nextPage` on.
        case pending
        /// Every page is stored.
        case done
        /// Lobstr reported `run.error`, or its results could not be read.
        case error
    }

    package let accountID: UUID
    package let runID: String
    package let squidID: String?
    package let status: Status
    package let nextPage: Int
    package let totalPages: Int?
    package let totalResults: Int?
    package let ingested: Int
    package let unreadable: Int
    package let error: String?

    static let columns =
        "account_id, run_id, squid_id, status, next_page, total_pages, total_results, ingested, unreadable, error"

    init(row: PostgresRow) throws(HuntStoreError) {
        do {
            guard let status = Status(rawValue: try row.decode(String.self, "status")) else {
                throw HuntStoreError.invalidRow("unknown Lobstr run status")
            }
            accountID = try row.decode(UUID.self, "account_id")
            runID = try row.decode(String.self, "run_id")
            squidID = try row.decode(String?.self, "squid_id")
            self.status = status
            nextPage = try row.decode(Int.self, "next_page")
            totalPages = try row.decode(Int?.self, "total_pages")
            totalResults = try row.decode(Int?.self, "total_results")
            ingested = try row.decode(Int.self, "ingested")
            unreadable = try row.decode(Int.self, "unreadable")
            error = try row.decode(String?.self, "error")
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}
