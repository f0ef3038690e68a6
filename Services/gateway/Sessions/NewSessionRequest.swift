import Domain
import Hummingbird

/// `POST /api/sessions`: `{"name": "sales-1", "engine": "sandbox"}`. `name` is unique per account (1–64
/// characters); `engine` defaults to `sandbox`. Only the sandbox engine runs in this build: `cloud` and
/// `twilio` answer 422 until their engines exist.
struct NewSessionRequest: StrictJSONBody {
    static let fields: Set<String> = ["name", "engine"]
    static let optionalFields: Set<String> = ["engine"]
    static let availableEngines: Set<SessionEngine> = [.sandbox]

    var name: String
    var engine: String?

    var sessionEngine: SessionEngine { engine.flatMap(SessionEngine.init(rawValue:)) ?? .sandbox }

    func validationErrors() -> [ProblemDetails.FieldError] {
        var errors = AccountFieldRules.name(name, field: "name", maximum: 64)
        if let engine {
            if let known = SessionEngine(rawValue: engine) {
                if !Self.availableEngines.contains(known) {
                    errors.append(.init(field: "engine", message: "\(engine) is not available yet; use sandbox"))
                }
            } else {
                let all = SessionEngine.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(.init(field: "engine", message: "must be one of \(all)"))
            }
        }
        return errors
    }
}
