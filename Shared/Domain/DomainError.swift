/// Why a domain value was rejected. The text names the rule that failed, never the input (it may be a
/// phone number or other personal data).
package enum DomainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A phone number that is not E.164; the reason says which rule it broke.
    case invalidPhoneNumber(PhoneNumberProblem)
    /// A template uses `{words}` that are not placeholders (the words are the template's, not personal data).
    case unknownPlaceholders([String])

    package var description: String {
        switch self {
        case .invalidPhoneNumber(let problem):
            "invalid phone number: \(problem.description)"
        case .unknownPlaceholders(let keys):
            "unknown placeholders: \(keys.map { "{\($0)}" }.joined(separator: ", "))"
        }
    }
}

/// The E.164 rule a rejected phone number broke.
package enum PhoneNumberProblem: Sendable, Hashable, CustomStringConvertible {
    /// Nothing but separators (or nothing at all).
    case empty
    /// E.164 numbers start with `+` and the country code; national forms (`06…`, `00…`) are not guessed.
    case missingPlus
    /// A letter or symbol other than the accepted separators (space, `-`, `(`, `)`).
    case invalidCharacter
    /// Country codes never start with 0.
    case leadingZero
    /// Fewer than 8 digits.
    case tooShort
    /// More than 15 digits.
    case tooLong

    package var description: String {
        switch self {
        case .empty: "it is empty"
        case .missingPlus: "it must start with + and the country code"
        case .invalidCharacter: "only one leading +, digits, spaces, dashes and parentheses are allowed"
        case .leadingZero: "the country code cannot start with 0"
        case .tooShort: "it must have at least 8 digits"
        case .tooLong: "it must have at most 15 digits"
        }
    }
}
