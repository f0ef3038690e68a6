import Domain
import Hummingbird

/// `POST /api/admin/accounts/{id}/credits` body: `{"channel":"sms","amount":500}`; `channel` one of
/// `whatsapp`, `sms`, `voice`, `amount` from 1 to 1,000,000,000.
struct CreditGrantRequest: StrictJSONBody {
    static let fields: Set<String> = ["channel", "amount"]
    static let amountRange = 1...1_000_000_000

    var channel: String
    var amount: Int

    func validationErrors() -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        if Channel(rawValue: channel) == nil {
            let names = Channel.allCases.map(\.rawValue).joined(separator: ", ")
            errors.append(.init(field: "channel", message: "must be one of \(names)"))
        }
        if !Self.amountRange.contains(amount) {
            errors.append(.init(field: "amount", message: "must be an integer from 1 to 1000000000"))
        }
        return errors
    }
}
