import Foundation
import JobRuntime
import MessageStore

/// A new inbound message as published on the `events` queue (job name `message.inbound`, job id
/// `inbound:<id>`):
///
/// ```json
/// {"inboundId":"…","conversationId":"…","accountId":"…","channel":"sms","provider":"twilio","optOut":false,
///  "hasMedia":false,"receivedAt":"2026-12-03T10:00:00Z"}
/// ```
///
/// Neither the number nor the text travel on the stream: a consumer reads them from the conversation.
package struct InboundMessageEvent: Codable, Sendable, Equatable {
    package static let name = "message.inbound"

    package var inboundId: String
    package var conversationId: String
    package var accountId: String
    package var channel: String
    package var provider: String
    package var optOut: Bool
    package var hasMedia: Bool
    package var receivedAt: Date

    package init(_ message: InboundMessage) {
        inboundId = message.id.uuidString.lowercased()
        conversationId = message.conversationID.uuidString.lowercased()
        accountId = message.accountID.uuidString.lowercased()
        channel = message.channel.rawValue
        provider = message.provider
        optOut = message.optOut
        hasMedia = message.media != nil
        receivedAt = message.receivedAt
    }

    package var request: JobRequest {
        JobRequest(
            name: Self.name, payload: InboundJobCoding.encode(self), id: "inbound:\(inboundId)", accountID: accountId)
    }
}
