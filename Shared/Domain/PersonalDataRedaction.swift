/// Removes what could identify a person from a text that came from outside (a provider's error message):
/// phone numbers quoted in it (Twilio and Meta quote the recipient) become `[number]`. Codes and plain words
/// stay, so the text still says what went wrong.
package enum PersonalDataRedaction {
    /// `text` with every run of 8 or more digits (a leading `+`, and spaces, dots, dashes, slashes or brackets
    /// between digits allowed, as numbers are written) replaced by `[number]`. Shorter runs stay: provider error
    /// codes (Meta's `131047`, Twilio's `21211`) are what an operator needs.
    package static func redacted(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.count)
        var run = ""
        var digits = 0

        func flush() {
            if digits >= 8 {
                // Separators that ended the run are not part of the number.
                let trailing = run.reversed().prefix { !$0.isNumber }
                output += "[number]" + String(trailing.reversed())
            } else {
                output += run
            }
            run = ""
            digits = 0
        }

        for character in text {
            if character.isASCII && character.isNumber {
                run.append(character)
                digits += 1
            } else if character == "+" && run.isEmpty {
                run.append(character)
            } else if !run.isEmpty && digits > 0 && " .-/()".contains(character) {
                run.append(character)
            } else {
                flush()
                if character == "+" { run.append(character) } else { output.append(character) }
            }
        }
        flush()
        return output
    }
}
