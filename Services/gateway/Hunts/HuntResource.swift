import Foundation
import HuntStore

/// A hunt as the API shows it: its definition, status and last scan.
struct HuntResource: Encodable, Sendable {
    var id: String
    var status: String
    var name: String
    var squidId: String?
    var criteria: HuntCriteria
    var steps: [HuntStep]
    var dailyLimit: Int?
    var window: SendingWindow?
    var lastScanAt: Date?
    var createdAt: Date
    var updatedAt: Date

    init(_ hunt: Hunt) {
        id = hunt.id.uuidString.lowercased()
        status = hunt.status.rawValue
        name = hunt.definition.name
        squidId = hunt.definition.squidId
        criteria = hunt.definition.criteria
        steps = hunt.definition.steps
        dailyLimit = hunt.definition.dailyLimit
        window = hunt.definition.window
        lastScanAt = hunt.lastScanAt
        createdAt = hunt.createdAt
        updatedAt = hunt.updatedAt
    }
}

/// `GET /api/hunts` answer.
struct HuntPage: Encodable, Sendable {
    var items: [HuntResource]
    /// The `after` of the next page; nil on the last.
    var next: String?
}
