import Foundation
import Hummingbird
import HuntStore

/// The account's outreach limits across its hunts (``OutreachLimits``), under `/api`:
///
/// - `GET /api/outreach/limits` → the limits (`{}`: none);
/// - `PUT /api/outreach/limits` (``OutreachLimitsRequest``) → the limits saved, replacing the stored ones whole;
///   422 naming every bad field.
struct OutreachLimitsController: Sendable {
    let limits: OutreachLimitStore

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.get("outreach/limits") { _, context in
            try Response.json(try await limits.limits(accountID: context.accountID))
        }
        group.put("outreach/limits") { request, context in
            let body = try await request.decodeStrict(OutreachLimitsRequest.self, context: context)
            try await limits.save(accountID: context.accountID, body.limits)
            return try Response.json(body.limits)
        }
    }
}

/// `PUT /api/outreach/limits` body:
///
/// ```json
/// {"dailyLimit": 300, "whatsappPerSession": 80, "whatsappRampUp": {"start": 10, "perDay": 10},
///  "smsPerSender": 500, "voicePerSender": 200}
/// ```
struct OutreachLimitsRequest: StrictJSONBody {
    static let fields: Set<String> = [
        "dailyLimit", "whatsappPerSession", "whatsappRampUp", "smsPerSender", "voicePerSender",
    ]
    static let optionalFields = fields

    var dailyLimit: Int?
    var whatsappPerSession: Int?
    var whatsappRampUp: OutreachLimits.RampUp?
    var smsPerSender: Int?
    var voicePerSender: Int?

    var limits: OutreachLimits {
        var limits = OutreachLimits()
        limits.dailyLimit = dailyLimit
        limits.whatsappPerSession = whatsappPerSession
        limits.whatsappRampUp = whatsappRampUp
        limits.smsPerSender = smsPerSender
        limits.voicePerSender = voicePerSender
        return limits
    }

    func validationErrors() -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        for (name, value) in [
            ("dailyLimit", dailyLimit), ("whatsappPerSession", whatsappPerSession), ("smsPerSender", smsPerSender),
            ("voicePerSender", voicePerSender),
        ] {
            if let value, !(1...100_000).contains(value) {
                errors.append(.init(field: name, message: "must be from 1 to 100000"))
            }
        }
        if let ramp = whatsappRampUp {
            if !(1...10_000).contains(ramp.start) {
                errors.append(.init(field: "whatsappRampUp.start", message: "must be from 1 to 10000"))
            }
            if !(0...10_000).contains(ramp.perDay) {
                errors.append(.init(field: "whatsappRampUp.perDay", message: "must be from 0 to 10000"))
            }
        }
        return errors
    }
}
