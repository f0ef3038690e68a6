extension PhoneNumber {
    /// Parses `text` as typed in `defaultRegion`: `+…` numbers ignore the region, the region's international
    /// prefix (`00…`) stands for `+`, and anything else is a national number whose trunk prefix is dropped
    /// before the calling code is added (`06 12 34 56 78` in FR → `+33612345678`).
    ///
    /// Throws ``DomainError/invalidPhoneNumber(_:)``; a national number whose length does not fit the region
    /// is rejected as ``PhoneNumberProblem/missingPlus`` (write it with `+` and its country code).
    package init(_ text: String, defaultRegion region: PhoneRegion) throws(DomainError) {
        if text.first(where: { !Self.separators.contains($0) }) == "+" {
            try self.init(text)
            return
        }
        var digits = ""
        for character in text where !Self.separators.contains(character) {
            // ASCII only, as in init(_:): other Unicode digits are not dialable.
            guard character.isASCII && character.isWholeNumber else { throw .invalidPhoneNumber(.invalidCharacter) }
            digits.append(character)
        }
        guard !digits.isEmpty else { throw .invalidPhoneNumber(.empty) }
        if digits.hasPrefix(region.internationalPrefix) {
            try self.init("+" + digits.dropFirst(region.internationalPrefix.count))
            return
        }
        var national = Substring(digits)
        if let trunk = region.trunkPrefix, national.hasPrefix(trunk) {
            national = national.dropFirst(trunk.count)
        }
        guard region.nationalDigitCount.contains(national.count) else { throw .invalidPhoneNumber(.missingPlus) }
        try self.init("+" + region.callingCode + national)
    }

    /// What people type between digits; the same set ``init(_:)`` skips.
    private static let separators: Set<Character> = [" ", "\t", "\u{00A0}", "-", "(", ")"]
}
