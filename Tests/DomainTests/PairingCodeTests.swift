import Domain
import Testing

/// WhatsApp's link-with-phone-number code and the numbers it accepts (whatsmeow's rules).
@Suite struct PairingCodeTests {
    @Test func codesAreEightCharactersOfWhatsmeowsAlphabetWithADash() {
        #expect(PairingCode.alphabet.count == 32 && Set(PairingCode.alphabet).count == 32)
        var seen = Set<String>()
        for _ in 0..<500 {
            let code = PairingCode.random()
            #expect(code.count == 9 && Array(code)[4] == "-")
            #expect(code.filter { $0 != "-" }.allSatisfy(PairingCode.alphabet.contains))
            #expect(PairingCode.normalized(code) == code)
            seen.insert(code)
        }
        #expect(seen.count > 490)
    }

    @Test func enteredCodesForgiveCaseAndTheDashButNothingElse() {
        #expect(PairingCode.normalized("abcd-efgh") == "ABCD-EFGH")
        #expect(PairingCode.normalized("ABCDEFGH") == "ABCD-EFGH")
        for wrong in ["ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFG0", "OBCD-EFGH", "IBCD-EFGH", "UBCD-EFGH", "ABCD EFGH", ""] {
            #expect(PairingCode.normalized(wrong) == nil, "\(wrong)")
        }
    }

    @Test func onlyInternationalDigitsLink() {
        for good in ["33612345678", "1234567", "123456789012345"] {
            #expect(PairingCode.isLinkablePhoneNumber(good), "\(good)")
        }
        for bad in [
            "0612345678", "+33612345678", "123456", "1234567890123456", "33 612345678", "3361234567a", "٣٣٦١٢٣٤٥٦٧٨",
        ] {
            #expect(!PairingCode.isLinkablePhoneNumber(bad), "\(bad)")
        }
    }
}
