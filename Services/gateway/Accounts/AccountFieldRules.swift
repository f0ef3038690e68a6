import Hummingbird

/// Rules shared by the account API's bodies.
enum AccountFieldRules {
    /// A display name: not blank, at most `maximum` characters.
    static func name(_ value: String, field: String, maximum: Int) -> [ProblemDetails.FieldError] {
        if value.allSatisfy(\.isWhitespace) { return [.init(field: field, message: "must not be blank")] }
        if value.count > maximum { return [.init(field: field, message: "must be at most \(maximum) characters")] }
        return []
    }

    /// A secret or identifier given to us to store: not blank, at most `maximum` bytes, no spaces or
    /// control characters (a pasted value with a stray newline would fail at the provider much later).
    static func token(_ value: String, field: String, maximum: Int = 512) -> [ProblemDetails.FieldError] {
        guard !value.isEmpty, value.utf8.count <= maximum,
            !value.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
        else {
            return [.init(field: field, message: "must be 1 to \(maximum) bytes without spaces or control characters")]
        }
        return []
    }
}
