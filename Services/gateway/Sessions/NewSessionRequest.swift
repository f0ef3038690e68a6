import Domain
import Foundation
import Hummingbird

/// `POST /api/sessions`: `{"name": "sales-1", "engine": "sandbox", "pacing": {"minGapSeconds": 8,
/// "jitterSeconds": 4, "dailyCap": 200}}`. `name` is unique per account (1–64 characters); `engine` defaults
/// to `sandbox`; `pacing` (each field optional) overrides the worker's default pace for this sender number. Only the sandbox engine runs in this build: `cloud` and
/// `twilio` answer 422 until their engines exist.
struct NewSessionRequest: StrictJSONBody {
    struct Pacing: Codable, Sendable {
        var minGapSeconds: Double?
        var jitterSeconds: Double?
        var dailyCap: Int?
    }

    static let fields: Set<String> = ["name", "engine", "pacing"]
    static let optionalFields: Set<String> = ["engine", "pacing"]
    static let availableEngines: Set<SessionEngine> = [.sandbox]

    var name: String
    var engine: String?
    var pacing: Pacing?

    /// The options stored with the session (`wa_sessions.options`).
    var optionsJSON: String {
        guard let pacing else { return "{}" }
        return (try? JSONEncoder().encode(pacing)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

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
        if let pacing {
            if let gap = pacing.minGapSeconds, !(0...3600).contains(gap) {
                errors.append(.init(field: "pacing.minGapSeconds", message: "must be from 0 to 3600"))
            }
            if let jitter = pacing.jitterSeconds, !(0...3600).contains(jitter) {
                errors.append(.init(field: "pacing.jitterSeconds", message: "must be from 0 to 3600"))
            }
            if let cap = pacing.dailyCap, !(1...100_000).contains(cap) {
                errors.append(.init(field: "pacing.dailyCap", message: "must be from 1 to 100000"))
            }
        }
        return errors
    }
}
