import Foundation

/// `POST /api/contacts/blocked` with JSON: `{"phone": "+33612345678", "reason"?: "asked by phone"}`.
struct BlockContactRequest: StrictJSONBody {
    static let fields: Set<String> = ["phone", "reason"]
    static let optionalFields: Set<String> = ["reason"]

    var phone: String
    var reason: String?

    func validationErrors() -> [ProblemDetails.FieldError] {
        guard let reason, let error = BlockReason.error(reason) else { return [] }
        return [.init(field: "reason", message: error)]
    }
}

/// The rule for a reason given by a client: short, printable text.
enum BlockReason {
    static let maxLength = 100
    static let manual = "manual"
    static let imported = "import"

    /// What is wrong with `reason`, or nil when it is acceptable.
    static func error(_ reason: String) -> String? {
        if reason.isEmpty || reason.count > maxLength { return "must be 1 to \(maxLength) characters" }
        if reason.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "must not hold control characters"
        }
        return nil
    }
}
