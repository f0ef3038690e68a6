import Domain
import Foundation
import Hummingbird
import Outbox

/// `POST /api/sessions`: `{"name": "sales-1", "engine": "sandbox", "pacing": {"minGapSeconds": 8,
/// "jitterSeconds": 4, "dailyCap": 200}}`. `name` is unique per account (1–64 characters); `engine` defaults
/// to `sandbox`; `pacing` (each field optional) overrides the worker's default pace for this sender number.
///
/// - `"engine": "cloud"` needs `"cloud": {"phoneNumberId": "1122334455667", "accessToken": "EAAG…"}` (the
///   WhatsApp Business Cloud API number and a system-user token; sealed, never shown again);
/// - `"engine": "twilio"` needs `"twilio": {"from": "+14155238886"}` (a WhatsApp-enabled Twilio sender) and
///   the account's stored Twilio credentials.
struct NewSessionRequest: StrictJSONBody {
    struct Pacing: Codable, Sendable {
        var minGapSeconds: Double?
        var jitterSeconds: Double?
        var dailyCap: Int?
    }

    struct Cloud: Codable, Sendable {
        var phoneNumberId: String
        var accessToken: String
    }

    struct Twilio: Codable, Sendable {
        var from: String
    }

    /// The options kept in clear (`wa_sessions.options`): the pacing, and the Cloud API phone number id the
    /// webhook routes inbound messages by.
    private struct Options: Encodable {
        var minGapSeconds: Double?
        var jitterSeconds: Double?
        var dailyCap: Int?
        var phoneNumberId: String?
    }

    static let fields: Set<String> = ["name", "engine", "pacing", "cloud", "twilio"]
    static let optionalFields: Set<String> = ["engine", "pacing", "cloud", "twilio"]

    var name: String
    var engine: String?
    var pacing: Pacing?
    var cloud: Cloud?
    var twilio: Twilio?

    /// The options stored with the session (`wa_sessions.options`).
    var optionsJSON: String {
        let options = Options(
            minGapSeconds: pacing?.minGapSeconds, jitterSeconds: pacing?.jitterSeconds, dailyCap: pacing?.dailyCap,
            phoneNumberId: cloud?.phoneNumberId)
        return String(decoding: options.sortedJSONBytes(), as: UTF8.self)
    }

    /// The engine's starting auth state (sealed by the caller): the Cloud API credentials or the Twilio sender.
    func initialAuthState(accountID: UUID) -> [UInt8]? {
        switch sessionEngine {
        case .sandbox: nil
        case .cloud:
            cloud.map { CloudAuthState(phoneNumberId: $0.phoneNumberId, accessToken: $0.accessToken) }?
                .sortedJSONBytes()
        case .twilio: twilio.map { TwilioAuthState(from: $0.from, accountID: accountID) }?.sortedJSONBytes()
        }
    }

    var sessionEngine: SessionEngine { engine.flatMap(SessionEngine.init(rawValue:)) ?? .sandbox }

    func validationErrors() -> [ProblemDetails.FieldError] {
        var errors = AccountFieldRules.name(name, field: "name", maximum: 64)
        if let engine, SessionEngine(rawValue: engine) == nil {
            let all = SessionEngine.allCases.map(\.rawValue).joined(separator: ", ")
            errors.append(.init(field: "engine", message: "must be one of \(all)"))
        }
        errors += engineErrors()
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

    /// Each engine's own block is required with it and refused with another.
    private func engineErrors() -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        let kind = engine.flatMap(SessionEngine.init(rawValue:))
        if kind == .cloud {
            if let cloud {
                if cloud.phoneNumberId.isEmpty || cloud.phoneNumberId.count > 32
                    || !cloud.phoneNumberId.allSatisfy(\.isASCIIDigit)
                {
                    errors.append(.init(field: "cloud.phoneNumberId", message: "must be the number's id (digits)"))
                }
                if cloud.accessToken.count < 8 || cloud.accessToken.count > 1024
                    || cloud.accessToken.contains(where: \.isWhitespace)
                {
                    errors.append(.init(field: "cloud.accessToken", message: "must be an access token"))
                }
            } else {
                errors.append(.init(field: "cloud", message: "is required for the cloud engine"))
            }
        } else if cloud != nil {
            errors.append(.init(field: "cloud", message: "is only for the cloud engine"))
        }
        if kind == .twilio {
            if let twilio {
                if (try? PhoneNumber(twilio.from)) == nil {
                    errors.append(.init(field: "twilio.from", message: "must be an E.164 number"))
                }
            } else {
                errors.append(.init(field: "twilio", message: "is required for the twilio engine"))
            }
        } else if twilio != nil {
            errors.append(.init(field: "twilio", message: "is only for the twilio engine"))
        }
        return errors
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
