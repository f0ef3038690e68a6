import Foundation
import MessageStore

/// `whatsapp.received` on the `inbound` queue: a message a contact sent to one of an account's WhatsApp
/// sessions, whichever engine received it (the worker for sandbox sessions, the gateway's webhooks for
/// Cloud API and Twilio ones). The job id is derived from the provider's message id, so a provider that
/// delivers the same message twice (webhook retries) yields one job.
package struct InboundWhatsAppJob: Codable, Sendable, Equatable {
    package static let name = "whatsapp.received"

    package var sessionId: String
    package var accountId: String
    package var engine: String
    /// The contact's number, E.164.
    package var from: String
    package var text: String
    package var providerMessageId: String
    /// A media message's reference (the text is then its caption, possibly empty).
    package var media: InboundMedia?
    package var receivedAt: Date

    package init(
        sessionId: String, accountId: String, engine: String, from: String, text: String, providerMessageId: String,
        media: InboundMedia? = nil, receivedAt: Date
    ) {
        self.sessionId = sessionId
        self.accountId = accountId
        self.engine = engine
        self.from = from
        self.text = text
        self.providerMessageId = providerMessageId
        self.media = media
        self.receivedAt = receivedAt
    }

    package static func jobID(engine: String, providerMessageID: String) -> String {
        "wa-in-\(engine)-\(providerMessageID)"
    }

    package func encoded() -> [UInt8] { InboundJobCoding.encode(self) }
}
