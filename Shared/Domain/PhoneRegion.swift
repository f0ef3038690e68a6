/// The dialling rules of one country, enough to turn a national number into E.164.
///
/// Only prefixes and the national number length are kept (no number plans): a national number is
/// accepted when, after dropping the trunk prefix, its length fits ``nationalDigitCount``.
package struct PhoneRegion: Sendable, Hashable, CustomStringConvertible {
    /// ISO 3166-1 alpha-2 code, e.g. `FR`.
    package let isoCode: String
    /// Country calling code without `+`, e.g. `33`.
    package let callingCode: String
    /// Digits dialled before a national number inside the country and dropped in E.164 (`0` in most of
    /// Europe, `1` in the US); `nil` where the leading digit belongs to the number itself (Italy, Spain).
    package let trunkPrefix: String?
    /// Digits dialled to call abroad from this country, standing for `+` (`00`, or `011` in the US).
    package let internationalPrefix: String
    /// Lengths of the national significant number (without trunk prefix).
    package let nationalDigitCount: ClosedRange<Int>

    /// A region; the predefined ones below cover the countries we send to.
    package init(
        isoCode: String,
        callingCode: String,
        trunkPrefix: String?,
        internationalPrefix: String,
        nationalDigitCount: ClosedRange<Int>
    ) {
        self.isoCode = isoCode
        self.callingCode = callingCode
        self.trunkPrefix = trunkPrefix
        self.internationalPrefix = internationalPrefix
        self.nationalDigitCount = nationalDigitCount
    }

    package var description: String { isoCode }
}

// MARK: - Known regions

extension PhoneRegion {
    /// France: `06 12 34 56 78` → `+33612345678`.
    package static let fr = PhoneRegion(
        isoCode: "FR", callingCode: "33", trunkPrefix: "0", internationalPrefix: "00", nationalDigitCount: 9...9)
    /// Belgium: `0470 12 34 56` → `+32470123456`, `02 123 45 67` → `+3221234567`.
    package static let be = PhoneRegion(
        isoCode: "BE", callingCode: "32", trunkPrefix: "0", internationalPrefix: "00", nationalDigitCount: 8...9)
    /// Switzerland: `078 123 45 67` → `+41781234567`.
    package static let ch = PhoneRegion(
        isoCode: "CH", callingCode: "41", trunkPrefix: "0", internationalPrefix: "00", nationalDigitCount: 9...9)
    /// Spain: no trunk prefix, `612 34 56 78` → `+34612345678`.
    package static let es = PhoneRegion(
        isoCode: "ES", callingCode: "34", trunkPrefix: nil, internationalPrefix: "00", nationalDigitCount: 9...9)
    /// Italy: the leading 0 of landlines is kept, `06 1234 5678` → `+390612345678`.
    package static let it = PhoneRegion(
        isoCode: "IT", callingCode: "39", trunkPrefix: nil, internationalPrefix: "00", nationalDigitCount: 6...11)
    /// Germany: `030 1234567` → `+49301234567`.
    package static let de = PhoneRegion(
        isoCode: "DE", callingCode: "49", trunkPrefix: "0", internationalPrefix: "00", nationalDigitCount: 6...13)
    /// United Kingdom: `07700 900123` → `+447700900123`.
    package static let gb = PhoneRegion(
        isoCode: "GB", callingCode: "44", trunkPrefix: "0", internationalPrefix: "00", nationalDigitCount: 9...10)
    /// United States: `(415) 555-0100` or `1 415 555 0100` → `+14155550100`.
    package static let us = PhoneRegion(
        isoCode: "US", callingCode: "1", trunkPrefix: "1", internationalPrefix: "011", nationalDigitCount: 10...10)

    /// Every predefined region.
    package static let all: [PhoneRegion] = [.fr, .be, .ch, .es, .it, .de, .gb, .us]

    /// The predefined region with this ISO code (any case), or `nil`.
    package init?(isoCode: String) {
        let code = isoCode.uppercased()
        guard let region = Self.all.first(where: { $0.isoCode == code }) else { return nil }
        self = region
    }
}
