import Domain
import Foundation
import Testing

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("+33612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+1 (415) 555-0100", "+14155550100"),
        ("  +44-20-7946-0958 ", "+442079460958"),
        ("(+49) 30 1234567", "+49301234567"),
        ("+12345678", "+12345678"),
        ("+123456789012345", "+123456789012345"),
    ])
    func validNumbersAreNormalised(input: String, e164: String) throws {
        #expect(try PhoneNumber(input).e164 == e164)
    }

    @Test(arguments: [
        ("", PhoneNumberProblem.empty),
        (" - ", .empty),
        ("0612345678", .missingPlus),
        ("0033612345678", .missingPlus),
        ("+33 6 12 AB 56 78", .invalidCharacter),
        ("+33.6.12.34.56.78", .invalidCharacter),
        ("++33612345678", .invalidCharacter),
        ("+336123+45678", .invalidCharacter),
        ("call +33612345678", .invalidCharacter),
        ("+33６12345678", .invalidCharacter),
        ("+0612345678", .leadingZero),
        ("+1234567", .tooShort),
        ("+", .tooShort),
        ("+1234567890123456", .tooLong),
    ])
    func invalidNumbersAreRejectedWithTheRuleBroken(input: String, problem: PhoneNumberProblem) {
        #expect(throws: DomainError.invalidPhoneNumber(problem)) { try PhoneNumber(input) }
    }

    @Test func errorsNeverRepeatTheNumber() {
        do {
            _ = try PhoneNumber("+33 6 12 AB 56 78")
            Issue.record("expected a rejection")
        } catch {
            #expect(!error.description.contains("12"))
            #expect(error.description.hasPrefix("invalid phone number"))
        }
    }

    @Test func maskingHidesTheMiddleDigits() throws {
        #expect(try PhoneNumber("+33612345678").masked == "+336******78")
        #expect(try PhoneNumber("+12345678").masked == "+123***78")
    }

    @Test func codableRoundTripsAndValidates() throws {
        let number = try PhoneNumber("+33 6 12 34 56 78")
        let data = try JSONEncoder().encode([number])
        #expect(String(decoding: data, as: UTF8.self) == #"["+33612345678"]"#)
        #expect(try JSONDecoder().decode([PhoneNumber].self, from: data) == [number])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([PhoneNumber].self, from: Data(#"["0612345678"]"#.utf8))
        }
    }
}
