import Foundation

/// Whether a reply asks to be left alone: the whole message, once case, accents, punctuation and spacing
/// are folded, is one of the keywords. Only the whole message counts, so "stop, I'll call you back" or
/// "Arrêt de bus?" written inside a sentence are not opt-outs.
///
/// The keywords are the US carriers' standard set that Twilio's Advanced Opt-Out honours (STOP, STOPALL,
/// UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT), the French regulator's "STOP SMS" convention and the
/// French words contacts of French classified ads actually write (ARRET, ARRETER, DESABONNER, DESINSCRIRE and
/// their nouns), in either spacing.
package enum OptOutKeywords {
    package static let keywords: Set<String> = [
        "STOP", "STOP SMS", "STOPSMS", "STOP ALL", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE",
        "OPTOUT", "OPT OUT", "ARRET", "ARRETER", "ARRETEZ", "DESABONNER", "DESABONNEMENT", "DESINSCRIRE",
        "DESINSCRIPTION", "STOP PUB",
    ]

    /// True when `text` is an opt-out keyword.
    package static func isOptOut(_ text: String) -> Bool {
        keywords.contains(normalised(text))
    }

    /// Upper case without accents; every run of characters other than letters and digits becomes one space,
    /// trimmed at both ends.
    package static func normalised(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).uppercased()
        var words: [String] = []
        var word = ""
        for character in folded {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        return words.joined(separator: " ")
    }
}
