import Hummingbird

/// `POST /api/admin/accounts/{id}/api-keys` body: `{"name":"ci"}`, 1 to 100 characters, to tell keys apart.
struct NewAPIKeyRequest: StrictJSONBody {
    static let fields: Set<String> = ["name"]
    var name: String

    func validationErrors() -> [ProblemDetails.FieldError] {
        AccountFieldRules.name(name, field: "name", maximum: 100)
    }
}
