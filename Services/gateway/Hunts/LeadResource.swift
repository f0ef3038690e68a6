import Foundation
import Hummingbird
import HuntStore

/// A lead as the API shows it, with its ad and (on `GET /api/leads/{id}`) its activities.
struct LeadResource: Encodable, Sendable {
    struct Activity: Encodable, Sendable {
        var kind: String
        var fromStage: String?
        var toStage: String?
        var note: String?
        var at: Date
    }

    var id: String
    var stage: String
    var huntId: String?
    var adId: String
    var annonceId: String
    var title: String
    var phone: String?
    var createdAt: Date
    var updatedAt: Date
    var activities: [Activity]?

    init(_ lead: Lead, activities: [LeadActivity]? = nil) {
        id = lead.id.uuidString.lowercased()
        stage = lead.stage.rawValue
        huntId = lead.huntID?.uuidString.lowercased()
        adId = lead.adID.uuidString.lowercased()
        annonceId = lead.annonceID
        title = lead.adTitle
        phone = lead.phone
        createdAt = lead.createdAt
        updatedAt = lead.updatedAt
        self.activities = activities?.map {
            Activity(kind: $0.kind, fromStage: $0.fromStage, toStage: $0.toStage, note: $0.note, at: $0.at)
        }
    }
}

/// `GET /api/leads` answer.
struct LeadPage: Encodable, Sendable {
    var items: [LeadResource]
    var next: String?
}

/// `POST /api/leads` body: the ad (ours or LeBonCoin's `annonce_id`) and the hunt it came from, if any.
struct OpenLeadRequest: StrictJSONBody {
    static let fields: Set<String> = ["adId", "huntId"]
    static let optionalFields: Set<String> = ["huntId"]
    var adId: String
    var huntId: String?
}

/// `POST /api/leads/{id}/stage` body.
struct LeadStageRequest: StrictJSONBody {
    static let fields: Set<String> = ["stage", "note"]
    static let optionalFields: Set<String> = ["note"]
    var stage: String
    var note: String?

    func validationErrors() -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        if LeadStage(rawValue: stage) == nil {
            let known = LeadStage.allCases.map(\.rawValue).joined(separator: ", ")
            errors.append(.init(field: "stage", message: "must be one of \(known)"))
        }
        if let note, note.allSatisfy(\.isWhitespace) || note.count > 5_000 {
            errors.append(.init(field: "note", message: "must be 1 to 5000 characters"))
        }
        return errors
    }
}

/// `POST /api/leads/{id}/notes` body.
struct LeadNoteRequest: StrictJSONBody {
    static let fields: Set<String> = ["text"]
    var text: String

    func validationErrors() -> [ProblemDetails.FieldError] {
        text.allSatisfy(\.isWhitespace) || text.count > 5_000
            ? [.init(field: "text", message: "must be 1 to 5000 characters")] : []
    }
}
