/// WhatsApp's "link with phone number" code (ANCHORS.md §4.2): 8 characters of whatsmeow's base32 alphabet
/// (no `0`, `O`, `I`, `U`), shown as `XXXX-XXXX`. The code is a credential: never logged.
package enum PairingCode {
    /// whatsmeow's alphabet (`pair-code.go`), 32 characters.
    package static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTVWXYZ")

    /// A fresh code, `XXXX-XXXX`: 40 random bits from the system's secure generator, as whatsmeow's 5 bytes.
    package static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<8).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] }
        return String(characters[0..<4]) + "-" + String(characters[4..<8])
    }

    /// `text` as a code in its `XXXX-XXXX` form (case and the dash are forgiven), or nil when it is not one.
    package static func normalized(_ text: String) -> String? {
        let characters = Array(text.uppercased().filter { $0 != "-" })
        guard characters.count == 8, characters.allSatisfy(alphabet.contains) else { return nil }
        return String(characters[0..<4]) + "-" + String(characters[4..<8])
    }

    /// Whether WhatsApp links `number` by code: digits only, international (no leading `0`, no `+`), more than
    /// 6 digits (whatsmeow's rule) and at most 15 (E.164).
    package static func isLinkablePhoneNumber(_ number: String) -> Bool {
        (7...15).contains(number.count) && number.allSatisfy { $0.isASCII && $0.isNumber } && number.first != "0"
    }
}
