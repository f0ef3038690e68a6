/// A message template's text with the seed's placeholders (SEED-APP §2.7): `{titre_annonce} {prix} {marque}
/// {modele} {annee} {ville} {vendeur_nom}`, written `{key}` or `{{key}}` (the seed's web app used one, its
/// worker the other, so automated sends went out with raw braces: both mean the same here). Any other
/// `{word}` is refused when the template is saved, never sent as is.
package struct MessageTemplateText: Sendable, Hashable {
    package static let placeholders = ["titre_annonce", "prix", "marque", "modele", "annee", "ville", "vendeur_nom"]

    package let text: String
    /// The placeholders it uses, in order of first use.
    package let used: [String]

    /// Throws ``DomainError/unknownPlaceholders(_:)`` naming every `{word}` that is not a placeholder.
    package init(_ text: String) throws(DomainError) {
        var used: [String] = []
        var unknown: [String] = []
        for token in Self.tokens(text) {
            if Self.placeholders.contains(token.key) {
                if !used.contains(token.key) { used.append(token.key) }
            } else if !unknown.contains(token.key) {
                unknown.append(token.key)
            }
        }
        guard unknown.isEmpty else { throw .unknownPlaceholders(unknown) }
        self.text = text
        self.used = used
    }

    /// The text with each placeholder replaced by its value (empty when absent); nothing else changes.
    package func render(_ values: [String: String]) -> String {
        var output = ""
        var index = text.startIndex
        for token in Self.tokens(text) {
            output += text[index..<token.range.lowerBound]
            output += values[token.key] ?? ""
            index = token.range.upperBound
        }
        output += text[index...]
        return output
    }

    /// A price as the seed's French locale showed it, "12 500 €" (ordinary spaces, so an SMS stays GSM-7);
    /// empty for none or 0.
    package static func frenchPrice(_ euros: Double?) -> String {
        guard let euros, euros > 0, euros < 1e12 else { return "" }
        let whole = Int(euros.rounded())
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = " " + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return digits + grouped + " €"
    }

    private struct Token {
        var key: String
        var range: Range<String.Index>
    }

    /// `{key}` and `{{key}}` with a key of letters, digits and underscores.
    private static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "{") {
            let doubled = text.index(after: open) < text.endIndex && text[text.index(after: open)] == "{"
            let keyStart = text.index(open, offsetBy: doubled ? 2 : 1)
            var keyEnd = keyStart
            while keyEnd < text.endIndex, text[keyEnd].isASCII,
                text[keyEnd].isLetter || text[keyEnd].isNumber
                    || text[keyEnd] == "_"
            {
                keyEnd = text.index(after: keyEnd)
            }
            let closing = doubled ? "}}" : "}"
            if keyEnd > keyStart, text[keyEnd...].hasPrefix(closing) {
                let end = text.index(keyEnd, offsetBy: closing.count)
                tokens.append(Token(key: String(text[keyStart..<keyEnd]), range: open..<end))
                index = end
            } else {
                index = text.index(after: open)
            }
        }
        return tokens
    }
}
