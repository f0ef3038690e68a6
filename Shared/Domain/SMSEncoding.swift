/// How an SMS body travels over the air, which sets how many characters fit in one message.
///
/// One SMS carries 140 octets (1120 bits). A concatenated message spends 6 of them on the user data header
/// that links the parts, which is why a part holds less than a single message.
package enum SMSEncoding: String, Sendable, Hashable, CaseIterable {
    /// The GSM 03.38 7-bit alphabet: one septet per character, two for the extension table (escape + char).
    case gsm7 = "GSM-7"
    /// UTF-16 code units: two octets per unit, so emoji and other astral characters take two units.
    case ucs2 = "UCS-2"

    /// Units (septets or UTF-16 code units) that fit in a message sent as one SMS: 160 or 70.
    package var singleSegmentUnits: Int {
        switch self {
        case .gsm7: 160
        case .ucs2: 70
        }
    }

    /// Units that fit in each part of a concatenated message, after the 6-octet header: 153 or 67.
    package var concatenatedSegmentUnits: Int {
        switch self {
        case .gsm7: 153
        case .ucs2: 67
        }
    }
}
