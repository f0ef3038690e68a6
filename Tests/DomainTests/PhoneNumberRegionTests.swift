import Domain
import Testing

@Suite struct PhoneNumberRegionTests {
    @Test(arguments: [
        "06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "0033612345678", "00 33 6 12 34 56 78",
        "06-12-34-56-78", "(06) 12 34 56 78", "06\u{00A0}12\u{00A0}34\u{00A0}56\u{00A0}78", "6 12 34 56 78",
    ])
    func frenchFormsNormaliseToE164(input: String) throws {
        #expect(try PhoneNumber(input, defaultRegion: .fr).e164 == "+33612345678")
    }

    @Test(arguments: [
        (PhoneRegion.be, "0470 12 34 56", "+32470123456"),
        (.be, "02 123 45 67", "+3221234567"),
        (.ch, "078 123 45 67", "+41781234567"),
        (.es, "612 34 56 78", "+34612345678"),
        (.es, "0034 612 34 56 78", "+34612345678"),
        (.it, "06 1234 5678", "+390612345678"),
        (.it, "312 345 6789", "+393123456789"),
        (.de, "030 1234567", "+49301234567"),
        (.de, "0151 23456789", "+4915123456789"),
        (.gb, "07700 900123", "+447700900123"),
        (.gb, "020 7946 0958", "+442079460958"),
        (.us, "(415) 555-0100", "+14155550100"),
        (.us, "1 415 555 0100", "+14155550100"),
        (.us, "011 33 6 12 34 56 78", "+33612345678"),
        (.de, "0044 20 7946 0958", "+442079460958"),
    ])
    func nationalNumbersOfEachRegion(region: PhoneRegion, input: String, e164: String) throws {
        #expect(try PhoneNumber(input, defaultRegion: region).e164 == e164)
    }

    @Test(arguments: PhoneRegion.all)
    func internationalFormIgnoresTheRegion(region: PhoneRegion) throws {
        #expect(try PhoneNumber("+44 20 7946 0958", defaultRegion: region).e164 == "+442079460958")
        #expect(try PhoneNumber(" +1 (415) 555-0100", defaultRegion: region).e164 == "+14155550100")
        #expect(throws: DomainError.invalidPhoneNumber(.tooShort)) {
            try PhoneNumber("+33 6 12", defaultRegion: region)
        }
    }

    @Test(arguments: [
        ("", PhoneNumberProblem.empty),
        (" - ", .empty),
        ("06 12 AB 56 78", .invalidCharacter),
        ("06.12.34.56.78", .invalidCharacter),
        ("06 12 34 56 78+", .invalidCharacter),
        ("06１2345678", .invalidCharacter),
        ("06 12 34 56", .missingPlus),
        ("06 12 34 56 78 9", .missingPlus),
        ("33612345678", .missingPlus),
        ("0033", .tooShort),
        ("00 06 12 34 56 78", .leadingZero),
        ("00 33 6 12 34 56 78 90 12 34", .tooLong),
    ])
    func invalidFrenchInputIsRejectedWithTheRuleBroken(input: String, problem: PhoneNumberProblem) {
        #expect(throws: DomainError.invalidPhoneNumber(problem)) { try PhoneNumber(input, defaultRegion: .fr) }
    }

    @Test(arguments: ["06 12 34 56", "06 12 AB 56 78", "00 06 12 34 56 78", "33612345678"])
    func errorsNeverRepeatTheNumber(input: String) {
        let digits = Array(input.filter(\.isNumber))
        do {
            _ = try PhoneNumber(input, defaultRegion: .fr)
            Issue.record("expected a rejection")
        } catch {
            #expect(error.description.hasPrefix("invalid phone number"))
            for start in 0..<(digits.count - 2) {
                #expect(!error.description.contains(String(digits[start..<start + 3])))
            }
        }
    }

    @Test func regionsAreFoundByISOCode() {
        #expect(PhoneRegion(isoCode: "fr") == .fr)
        #expect(PhoneRegion(isoCode: "GB") == .gb)
        #expect(PhoneRegion(isoCode: "XX") == nil)
        #expect(Set(PhoneRegion.all.map(\.isoCode)) == ["FR", "BE", "CH", "ES", "IT", "DE", "GB", "US"])
        #expect(Set(PhoneRegion.all.map(\.callingCode)).count == PhoneRegion.all.count)
    }
}
