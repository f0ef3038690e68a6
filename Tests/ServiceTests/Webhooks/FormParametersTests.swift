import Testing

@testable import Gateway

@Suite("Form-urlencoded webhook bodies")
struct FormParametersTests {
    @Test("decodes plus, percent escapes, bare names and repeated names in order")
    func decodes() throws {
        let form = try FormParameters(
            urlEncoded: "To=%2B33612345678&Body=Bonjour+%C3%A0+vous&Flag&Empty=&&Media=1&Media=2")
        #expect(
            form.fields == [
                .init(name: "To", value: "+33612345678"), .init(name: "Body", value: "Bonjour à vous"),
                .init(name: "Flag", value: ""), .init(name: "Empty", value: ""), .init(name: "Media", value: "1"),
                .init(name: "Media", value: "2"),
            ])
        #expect(form["Media"] == "1")
        #expect(form["Missing"] == nil)
        #expect(form.nonEmpty("Empty") == nil)
        #expect(form.nonEmpty("To") == "+33612345678")
        #expect(try FormParameters(urlEncoded: "a=b%3Dc=d")["a"] == "b=c=d")
        #expect(try FormParameters(urlEncoded: "").fields.isEmpty)
    }

    @Test("rejects broken escapes and non-UTF-8 bytes", arguments: ["a=%zz", "a=%2", "a=%", "%FF=1", "a=%C3"])
    func rejectsMalformed(body: String) {
        #expect(throws: WebhookError.self) { try FormParameters(urlEncoded: body) }
    }
}
