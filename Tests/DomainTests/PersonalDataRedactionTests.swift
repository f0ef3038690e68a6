import Domain
import Testing

@Suite struct PersonalDataRedactionTests {
    @Test(
        "numbers as providers quote them are redacted, codes and words kept",
        arguments: [
            (
                "The 'To' number +15005550001 is not a valid phone number.",
                "The 'To' number [number] is not a valid phone number."
            ),
            (
                "(#131030) Recipient phone number not in allowed list: 33 6 12 34 56 78",
                "(#131030) Recipient phone number not in allowed list: [number]"
            ),
            (
                "Error 63016: the number whatsapp:+33612345678 is unavailable",
                "Error 63016: the number whatsapp:[number] is unavailable"
            ),
            ("call 06.12.34.56.78, or (555) 123-4567.", "call [number], or ([number]."),
            ("HTTP 503 from Twilio after 1500 ms", "HTTP 503 from Twilio after 1500 ms"),
        ])
    func redacts(input: String, expected: String) {
        #expect(PersonalDataRedaction.redacted(input) == expected)
    }
}
