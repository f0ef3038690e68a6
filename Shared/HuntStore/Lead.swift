import Foundation
import Postgres

/// Where a lead is in the pipeline: `new → contacted → replied → interested → won | lost`, and `opted_out`
/// (the seller asked to be left alone). `won`, `lost` and `opted_out` are final.
package enum LeadStage: String, Sendable, Hashable, CaseIterable, Codable {
    case new
    case contacted
    case replied
    case interested
    case won
    case lost
    case optedOut = "opted_out"

    package var isFinal: Bool { self == .won || self == .lost || self == .optedOut }

    /// Whether a lead at this stage may move to `next`: forward along the pipeline (skipping is allowed), or to a
    /// final stage, never back and never out of a final one.
    package func mayMove(to next: LeadStage) -> Bool {
        guard !isFinal, next != self else { return false }
        if next.isFinal { return true }
        let order: [LeadStage] = [.new, .contacted, .replied, .interested]
        return (order.firstIndex(of: next) ?? 0) > (order.firstIndex(of: self) ?? 0)
    }
}

/// A `leads` row with the ad it is about.
package struct Lead: Sendable, Hashable {
    package let id: UUID
    package let accountID: UUID
    package let adID: UUID
    package let huntID: UUID?
    package let stage: LeadStage
    package let createdAt: Date
    package let updatedAt: Date
    package let adTitle: String
    package let annonceID: String
    package let phone: String?

    static let columns = """
        l.id, l.account_id, l.ad_id, l.hunt_id, l.stage, l.created_at, l.updated_at, a.title, a.annonce_id, a.phone
        """

    init(row: PostgresRow) throws(HuntStoreError) {
        do {
            guard let stage = LeadStage(rawValue: try row.decode(String.self, "stage")) else {
                throw HuntStoreError.invalidRow("unknown lead stage")
            }
            id = try row.decode(UUID.self, "id")
            accountID = try row.decode(UUID.self, "account_id")
            adID = try row.decode(UUID.self, "ad_id")
            huntID = try row.decode(UUID?.self, "hunt_id")
            self.stage = stage
            createdAt = try row.decode(Date.self, "created_at")
            updatedAt = try row.decode(Date.self, "updated_at")
            adTitle = try row.decode(String.self, "title")
            annonceID = try row.decode(String.self, "annonce_id")
            phone = try row.decode(String?.self, "phone")
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}

/// One `lead_activities` row.
package struct LeadActivity: Sendable, Hashable {
    package let kind: String
    package let fromStage: String?
    package let toStage: String?
    package let note: String?
    package let at: Date
}
