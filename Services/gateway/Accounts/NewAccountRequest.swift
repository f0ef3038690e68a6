import Hummingbird

/// `POST /api/admin/accounts` body: `{"name":"Acme"}`, 1 to 200 characters.
struct NewAccountRequest: StrictJSONBody {
    static let fields: Set<String> = ["name"]
    var name: String

    func validationErrors() -> [ProblemDetails.FieldError] {
        AccountFieldRules.name(name, field: "name", maximum: 200)
    }
}
