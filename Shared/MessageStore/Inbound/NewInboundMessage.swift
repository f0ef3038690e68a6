import Domain
import Foundation

/// A message a contact sent to an account, as a webhook or a WhatsApp worker received it.
package struct NewInboundMessage: Sendable, Equatable {
    package var accountID: UUID
    package var channel: Channel
    /// `twilio`, `smsmobileapi`, `cloud`, `sandbox`, …: with `providerMessageID`, what makes it unique.
    package var provider: String
    package var providerMessageID: String
    /// The WhatsApp session that received it (nil for SMS).
    package var sessionID: UUID?
    /// The contact's number, E.164.
    package var sender: PhoneNumber
    package var body: String
    package var media: InboundMedia?
    package var receivedAt: Date

    package init(
        accountID: UUID, channel: Channel, provider: String, providerMessageID: String, sessionID: UUID? = nil,
        sender: PhoneNumber, body: String, media: InboundMedia? = nil, receivedAt: Date
    ) {
        self.accountID = accountID
        self.channel = channel
        self.provider = provider
        self.providerMessageID = providerMessageID
        self.sessionID = sessionID
        self.sender = sender
        self.body = body
        self.media = media
        self.receivedAt = receivedAt
    }
}
