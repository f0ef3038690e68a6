import Domain
import Testing

@testable import SMSSender

@Suite("Sandbox SMS provider")
struct SandboxSMSProviderTests {
    @Test("accepts every message with a fresh sandbox id and the billed segment count")
    func acceptsLocally() async throws {
        let provider = SandboxSMSProvider()
        let recipient = try PhoneNumber("+33612345678")
        let long = String(repeating: "a", count: 161)
        let first = await provider.send(OutboundSMS(recipient: recipient, text: "Bonjour", reference: "job-1"))
        let second = await provider.send(OutboundSMS(recipient: recipient, text: long, reference: "job-2"))
        let unicode = await provider.send(OutboundSMS(recipient: recipient, text: "Merci 🙂", reference: "job-3"))

        guard case .accepted(let firstID, let firstSegments) = first,
            case .accepted(let secondID, let secondSegments) = second,
            case .accepted(_, let unicodeSegments) = unicode
        else {
            Issue.record("the sandbox refused a message: \(first), \(second), \(unicode)")
            return
        }
        #expect(firstID.hasPrefix("sandbox-"))
        #expect(firstID != secondID)
        #expect(firstSegments == 1)
        #expect(secondSegments == 2)
        #expect(unicodeSegments == 1)
        #expect(provider.name == "sandbox")
    }
}
