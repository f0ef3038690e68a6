import Domain
import Logging
import OutboundHTTP
import Testing

@testable import SMSSender

/// A client of its own for one test (tests run in parallel), quiet unless something goes wrong.
func makeClient() -> OutboundHTTPClient {
    var logger = Logger(label: "sms-sender-test")
    logger.logLevel = .warning
    return OutboundHTTPClient(configuration: OutboundHTTPConfiguration(threadCount: 2), logger: logger)
}

/// A recipient, text and reference whose values must never show in a failure's code or reason.
let frenchRecipient = try! PhoneNumber("+33612345678")
/// `+`, `&`, `=`, space, accents, an emoji: everything form encoding must get right.
let awkwardText = "Bonjour é 🙂 +1 & a=b 100%"

func sms(
    to recipient: PhoneNumber = frenchRecipient, text: String = awkwardText, origin: SMSOrigin? = nil
) -> OutboundSMS {
    OutboundSMS(recipient: recipient, text: text, reference: "job-42", origin: origin)
}

/// Records an issue when a failure's code or reason repeats any of `secrets`.
func expectNoLeak(
    _ result: SMSSendResult, of secrets: [String], sourceLocation: SourceLocation = #_sourceLocation
) {
    let shown: String
    switch result {
    case .accepted: return
    case .transientFailure(let code, let reason, _), .permanentFailure(let code, let reason):
        shown = code + " " + reason
    }
    for secret in secrets {
        #expect(!shown.contains(secret), "the failure text repeats a secret", sourceLocation: sourceLocation)
    }
}

/// The exact form body the providers must send for `awkwardText` (`+` as `%2B`, space as `+`, UTF-8).
let awkwardTextEncoded = "Bonjour+%C3%A9+%F0%9F%99%82+%2B1+%26+a%3Db+100%25"
