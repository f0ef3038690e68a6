import Domain
import Testing

@Suite struct SMSSegmentsTests {
    private static func a(_ count: Int) -> String { String(repeating: "a", count: count) }
    private static func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

    // Every vector of PROVIDERS §6.3, with the expected length in units.
    private static let vectors: [(text: String, encoding: SMSEncoding, units: Int, count: Int)] = [
        (a(160), SMSEncoding.gsm7, 160, 1),
        (a(161), .gsm7, 161, 2),
        (a(306), .gsm7, 306, 2),
        (a(307), .gsm7, 307, 3),
        (a(459), .gsm7, 459, 3),
        (a(460), .gsm7, 460, 4),
        (a(158) + "€", .gsm7, 160, 1),
        (a(159) + "€", .gsm7, 161, 2),
        (a(152) + "€" + a(152), .gsm7, 306, 3),
        (repeated("é", 70), .gsm7, 70, 1),
        (repeated("ç", 70), .ucs2, 70, 1),
        (repeated("ç", 71), .ucs2, 71, 2),
        (repeated("ç", 134), .ucs2, 134, 2),
        (repeated("ç", 135), .ucs2, 135, 3),
        (a(68) + "😀", .ucs2, 70, 1),
        (a(69) + "😀", .ucs2, 71, 2),
        (a(66) + "😀" + a(66), .ucs2, 134, 3),
        ("Bonjour, j’ai vu votre annonce", .ucs2, 30, 1),
    ]

    @Test(arguments: vectors)
    func providersVectors(text: String, encoding: SMSEncoding, units: Int, count: Int) {
        let segments = SMSSegments(text: text)
        #expect(segments.encoding == encoding)
        #expect(segments.units == units)
        #expect(segments.count == count)
    }

    private static let remainders: [(text: String, remaining: Int)] = [
        (a(160), 0),
        (a(161), 153 - 8),
        (a(306), 0),
        (a(307), 152),
        (a(152) + "€" + a(152), 153 - 1),
        (repeated("ç", 70), 0),
        (repeated("ç", 71), 67 - 4),
        (repeated("ç", 134), 0),
        (a(66) + "😀" + a(66), 66),
        ("€", 158),
    ]

    @Test(arguments: remainders)
    func remainingUnitsInTheLastSegment(text: String, remaining: Int) {
        #expect(SMSSegments(text: text).remainingInLastSegment == remaining)
    }

    @Test(arguments: ["€", "[", "]", "{", "}", "~", "^", "\\", "|", "\u{0C}"])
    func extensionCharactersCountTwoSeptets(character: String) {
        let fits = SMSSegments(text: Self.repeated(character, 80))
        #expect(fits.encoding == .gsm7)
        #expect(fits.units == 160)
        #expect(fits.count == 1)
        let overflows = SMSSegments(text: Self.repeated(character, 81))
        #expect(overflows.units == 162)
        #expect(overflows.count == 2)
        // An escape pair is never split: 76 pairs fill 152 septets of a part, the 77th starts the next one.
        #expect(SMSSegments(text: Self.repeated(character, 153)).count == 3)
    }

    @Test(arguments: [
        "ç", "ê", "â", "î", "ô", "û", "ë", "ï", "œ", "À", "È", "Ê", "«", "»", "’", "“", "”", "…", "–", "`",
    ])
    func oneNonGSMCharacterTurnsTheWholeTextIntoUCS2(character: String) {
        let segments = SMSSegments(text: Self.a(159) + character)
        #expect(segments.encoding == .ucs2)
        #expect(segments.units == 160)
        #expect(segments.count == 3)
    }

    @Test(arguments: ["é", "è", "ù", "à", "É", "Ç", "@", "£", "¤", "§", "¿", "Δ", "Ω", "ß", "Ñ"])
    func frenchAndGreekGSMCharactersStayGSM7(character: String) {
        let segments = SMSSegments(text: Self.a(159) + character)
        #expect(segments.encoding == .gsm7)
        #expect(segments.units == 160)
        #expect(segments.count == 1)
    }

    @Test func printableASCIIIsGSM7ExceptTheBacktick() {
        let extensionTable = Set("[\\]^{|}~".unicodeScalars)
        for value in UInt32(0x20)...0x7E {
            let scalar = Unicode.Scalar(value)!
            let expected: Int? = scalar == "`" ? nil : extensionTable.contains(scalar) ? 2 : 1
            #expect(SMSEncoding.gsm7Septets(for: scalar) == expected, "U+\(String(value, radix: 16))")
        }
    }

    @Test func emptyTextTakesOneSegment() {
        #expect(SMSSegments(text: "") == SMSSegments(text: String()))
        let segments = SMSSegments(text: "")
        #expect(segments.encoding == .gsm7)
        #expect(segments.units == 0)
        #expect(segments.count == 1)
        #expect(segments.remainingInLastSegment == 160)
    }

    @Test func crlfStaysGSM7() {
        let segments = SMSSegments(text: Self.repeated("\r\n", 80))
        #expect(segments.encoding == .gsm7)
        #expect(segments.units == 160)
        #expect(segments.count == 1)
    }

    @Test func aMultiScalarEmojiIsNeverSplit() {
        let family = "👨‍👩‍👧"  // three surrogate pairs joined by two ZWJ: 8 UTF-16 units, one grapheme
        #expect(SMSSegments(text: Self.a(62) + family).count == 1)
        let split = SMSSegments(text: Self.a(63) + family)
        #expect(split.units == 71)
        #expect(split.count == 2)
        #expect(split.remainingInLastSegment == 67 - 8)
    }

    @Test func limitsMatchTheOctetBudget() {
        // 140 octets per SMS, 6 of them for the concatenation header.
        #expect(SMSEncoding.gsm7.singleSegmentUnits == 140 * 8 / 7)
        #expect(SMSEncoding.gsm7.concatenatedSegmentUnits == (140 - 6) * 8 / 7)
        #expect(SMSEncoding.ucs2.singleSegmentUnits == 140 / 2)
        #expect(SMSEncoding.ucs2.concatenatedSegmentUnits == (140 - 6) / 2)
    }
}
