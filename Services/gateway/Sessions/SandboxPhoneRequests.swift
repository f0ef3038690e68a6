import Domain
import Outbox

/// `POST /api/sessions/{id}/pairing-code`: `{"phoneNumber": "33612345678"}`, the number to link,
/// international and digits only (no `+`, no leading `0`), 7 to 15 digits (ANCHORS.md §4.2).
struct PairingCodeRequest: StrictJSONBody {
    static let fields: Set<String> = ["phoneNumber"]
    var phoneNumber: String

    func validationErrors() -> [ProblemDetails.FieldError] {
        PairingCode.isLinkablePhoneNumber(phoneNumber)
            ? []
            : [.init(field: "phoneNumber", message: "must be 7 to 15 digits, international, without + or a leading 0")]
    }
}

/// `POST /api/admin/sessions/{id}/pair`: `{"code": "ABCD-EFGH"}`, the code the sandbox phone enters.
struct PairRequest: StrictJSONBody {
    static let fields: Set<String> = ["code"]
    var code: String

    func validationErrors() -> [ProblemDetails.FieldError] {
        PairingCode.normalized(code) == nil
            ? [.init(field: "code", message: "must be 8 characters of 1-9 and A-Z but I, O and U, as XXXX-XXXX")] : []
    }
}

/// `POST /api/admin/sessions/{id}/inbound`: `{"from": "+33612345678", "text": "…"}`, a message a contact
/// sends to the sandbox session (`from` in E.164, `text` 1–4096 characters).
struct InboundMessageRequest: StrictJSONBody {
    static let fields: Set<String> = ["from", "text"]
    var from: String
    var text: String

    func validationErrors() -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        if (try? PhoneNumber(from)) == nil {
            errors.append(.init(field: "from", message: "must be a phone number in E.164 form, e.g. +33612345678"))
        }
        if text.isEmpty || text.count > 4096 {
            errors.append(.init(field: "text", message: "must be 1 to 4096 characters"))
        }
        return errors
    }
}

/// `POST /api/admin/sessions/{id}/disconnect`: `{"kind": "transient" | "loggedOut" | "banned" | "silent"}`.
struct DisconnectRequest: StrictJSONBody {
    static let fields: Set<String> = ["kind"]
    var kind: String

    var disconnectKind: SessionCommand.DisconnectKind? { SessionCommand.DisconnectKind(rawValue: kind) }

    func validationErrors() -> [ProblemDetails.FieldError] {
        let kinds = SessionCommand.DisconnectKind.allCases.map(\.rawValue).joined(separator: ", ")
        return disconnectKind == nil ? [.init(field: "kind", message: "must be one of \(kinds)")] : []
    }
}
