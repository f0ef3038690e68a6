/// How a message text is split into SMS: its encoding, its length in that encoding's units, and the number
/// of segments a provider sends (and bills).
///
/// Follows Twilio's reference calculator (PROVIDERS §6.3): any character outside GSM-7 turns the whole
/// message into UCS-2, and a character is never split across parts (an escape pair stays whole in GSM-7,
/// a grapheme such as an emoji stays whole in UCS-2), so `ceil(length / 153)` can under-count. Unlike that
/// calculator, GSM-7 is checked per Unicode scalar, so a CR LF pair stays GSM-7 (two septets).
package struct SMSSegments: Sendable, Hashable {
    /// GSM-7 if every character is in the GSM alphabet, UCS-2 otherwise.
    package let encoding: SMSEncoding
    /// Length in ``encoding`` units: septets (extension characters count 2) or UTF-16 code units.
    package let units: Int
    /// Number of SMS sent; an empty text still takes one.
    package let count: Int
    /// Units still free in the last segment before another one is needed.
    package let remainingInLastSegment: Int

    /// Measures `text` as it would be sent, without any look-alike substitution.
    package init(text: String) {
        let widths: [Int]
        if let septets = Self.gsm7Widths(of: text) {
            encoding = .gsm7
            widths = septets
        } else {
            encoding = .ucs2
            widths = Self.ucs2Widths(of: text)
        }
        units = widths.reduce(0, +)
        guard units > encoding.singleSegmentUnits else {
            count = 1
            remainingInLastSegment = encoding.singleSegmentUnits - units
            return
        }
        let limit = encoding.concatenatedSegmentUnits
        var segments = 1
        var used = 0
        for width in widths {
            if used + width > limit {
                segments += 1
                used = 0
            }
            used += width
        }
        count = segments
        remainingInLastSegment = limit - used
    }

    /// Septets per scalar, or `nil` as soon as one needs UCS-2.
    private static func gsm7Widths(of text: String) -> [Int]? {
        var widths: [Int] = []
        for scalar in text.unicodeScalars {
            guard let septets = SMSEncoding.gsm7Septets(for: scalar) else { return nil }
            widths.append(septets)
        }
        return widths
    }

    /// UTF-16 units per grapheme, each kept whole; a grapheme longer than a part (only stacked combining
    /// marks get there) falls back to its scalars so that no width exceeds a part.
    private static func ucs2Widths(of text: String) -> [Int] {
        text.flatMap { character -> [Int] in
            let width = character.utf16.count
            guard width > SMSEncoding.ucs2.concatenatedSegmentUnits else { return [width] }
            return character.unicodeScalars.map { $0.utf16.count }
        }
    }
}
