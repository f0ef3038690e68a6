/// A phone number in E.164 form: `+`, then 8 to 15 digits, the first not 0.
///
/// Parsing accepts the separators people type (spaces, dashes, parentheses) and drops them; anything else
/// is rejected rather than guessed. ``description`` is the number itself, so log ``masked`` instead.
package struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// The normalised number, e.g. `+33612345678`.
    package let e164: String

    /// Digits allowed after the `+` (E.164 caps numbers at 15 digits; 8 excludes short codes).
    package static let digitCount: ClosedRange<Int> = 8...15

    /// Validates and normalises `text`; throws ``DomainError/invalidPhoneNumber(_:)`` naming the rule broken.
    package init(_ text: String) throws(DomainError) {
        var digits = ""
        var sawPlus = false
        var sawAnything = false
        for character in text {
            // Unicode digits (Arabic-Indic, full-width...) and combining marks are not E.164: ASCII only.
            let isDigit = character.isASCII && character.isWholeNumber
            switch character {
            case " ", "\t", "\u{00A0}", "-", "(", ")":
                continue
            case "+" where !sawAnything:
                sawPlus = true
            case _ where isDigit && sawPlus:
                digits.append(character)
            case _ where isDigit:
                throw .invalidPhoneNumber(.missingPlus)
            default:
                throw .invalidPhoneNumber(.invalidCharacter)
            }
            sawAnything = true
        }
        guard sawAnything else { throw .invalidPhoneNumber(.empty) }
        guard sawPlus else { throw .invalidPhoneNumber(.missingPlus) }
        guard digits.first != "0" else { throw .invalidPhoneNumber(.leadingZero) }
        guard digits.count >= Self.digitCount.lowerBound else { throw .invalidPhoneNumber(.tooShort) }
        guard digits.count <= Self.digitCount.upperBound else { throw .invalidPhoneNumber(.tooLong) }
        self.e164 = "+" + digits
    }

    package var description: String { e164 }

    /// The number with all but the country-code end and the last two digits hidden, for logs and errors:
    /// `+33612345678` → `+336*****78`.
    package var masked: String {
        let digits = e164.dropFirst()
        let shown = digits.prefix(3)
        let tail = digits.suffix(2)
        return "+" + shown + String(repeating: "*", count: digits.count - shown.count - tail.count) + tail
    }
}
