import Foundation

/// What a Cloud API session starts from (sealed into `wa_sessions.sealed_auth` by the gateway at creation):
/// the business phone number's id and a system-user access token (PROVIDERS.md §4.1).
package struct CloudAuthState: Codable, Sendable, Equatable {
    package var engine = "cloud"
    package var phoneNumberId: String
    package var accessToken: String

    package init(phoneNumberId: String, accessToken: String) {
        self.phoneNumberId = phoneNumberId
        self.accessToken = accessToken
    }
}

/// What a Twilio WhatsApp session starts from: the WhatsApp-enabled sender number. The Twilio account is the
/// one the customer account stored for SMS (its auth token also signs Twilio's status callbacks).
package struct TwilioAuthState: Codable, Sendable, Equatable {
    package var engine = "twilio"
    /// E.164, without the `whatsapp:` prefix.
    package var from: String
    /// Whose stored Twilio credentials the session sends with.
    package var accountId: UUID

    package init(from: String, accountID: UUID) {
        self.from = from
        self.accountId = accountID
    }
}

extension Encodable {
    /// Sorted-key JSON bytes (what gets sealed).
    package func sortedJSONBytes() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(self))) ?? []
    }
}
