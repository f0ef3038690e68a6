import Foundation
import MessageStore

/// A voice campaign as a message shows it: one Voice Partner request and what Voice Partner reported about
/// it. A drop campaign's report is an aggregate (`delivered` of `total` numbers), not per number.
package struct VoiceCampaignResource: Codable, Sendable {
    package var campaignId: String
    package var kind: String
    package var status: String
    package var size: Int
    package var providerCampaignId: String?
    package var delivered: Int?
    package var total: Int?
    package var reportedAt: Date?

    init(_ campaign: VoiceCampaign) {
        campaignId = campaign.id.uuidString.lowercased()
        kind = campaign.kind.rawValue
        status = campaign.status.rawValue
        size = campaign.size
        providerCampaignId = campaign.providerCampaignID
        delivered = campaign.deliveredQuantity
        total = campaign.totalQuantity
        reportedAt = campaign.reportedAt
    }
}
