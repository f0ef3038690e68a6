/// The id of a WhatsApp worker process: 1 to 64 ASCII letters, digits, `.`, `_` or `-`.
///
/// It ends up inside Redis hash tags (`ap:{q:wa:<id>}`) and URLs, so braces, colons, slashes and spaces are
/// refused rather than escaped.
package struct WorkerID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    package let rawValue: String

    /// The id, or nil when `rawValue` breaks the rule.
    package init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    package var description: String { rawValue }

    /// The rule, in words, for configuration and API errors.
    package static let rule = "letters, digits, '.', '_' or '-', 1 to 64 characters"

    /// Whether `value` is a well-formed worker id.
    package static func isValid(_ value: String) -> Bool {
        (1...64).contains(value.count)
            && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
    }
}
