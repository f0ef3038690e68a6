import Foundation
import Postgres

/// A `voice_campaigns` row: one Voice Partner request for its members (see migration 14).
package struct VoiceCampaign: Sendable, Hashable {
    package enum Status: String, Sendable, Hashable {
        /// Drops of the same account, audio and sender may still join.
        case open
        /// No more members: 500 drops, or a text-to-speech call.
        case full
        /// A send attempt holds the lease, or the last one gave it back to retry.
        case sending
        case sent
        case failed
    }

    package let id: UUID
    package let accountID: UUID
    package let kind: VoiceContent.Kind
    package let audioToken: String
    /// '' when none.
    package let sender: String
    package let status: Status
    package let size: Int
    package let openedAt: Date
    /// The earliest attempt whose outcome is not recorded (the provider may have the campaign).
    package let sendStartedAt: Date?
    package let sendAttempts: Int
    package let providerCampaignID: String?
    package let callbackToken: String
    package let deliveredQuantity: Int?
    package let totalQuantity: Int?
    package let reportedAt: Date?
    package let errorCode: String?

    static let columns = """
        id, account_id, kind, audio_token, sender, status, size, opened_at, send_started_at, send_attempts,
        provider_campaign_id, callback_token, delivered_quantity, total_quantity, reported_at, error_code
        """

    init(row: PostgresRow) throws(MessageStoreError) {
        do {
            guard let kind = VoiceContent.Kind(rawValue: try row.decode(String.self, "kind")),
                let status = Status(rawValue: try row.decode(String.self, "status"))
            else { throw MessageStoreError.invalidRow("unknown voice campaign kind or status") }
            id = try row.decode(UUID.self, "id")
            accountID = try row.decode(UUID.self, "account_id")
            self.kind = kind
            audioToken = try row.decode(String.self, "audio_token")
            sender = try row.decode(String.self, "sender")
            self.status = status
            size = try row.decode(Int.self, "size")
            openedAt = try row.decode(Date.self, "opened_at")
            sendStartedAt = try row.decode(Date?.self, "send_started_at")
            sendAttempts = try row.decode(Int.self, "send_attempts")
            providerCampaignID = try row.decode(String?.self, "provider_campaign_id")
            callbackToken = try row.decode(String.self, "callback_token")
            deliveredQuantity = try row.decode(Int?.self, "delivered_quantity")
            totalQuantity = try row.decode(Int?.self, "total_quantity")
            reportedAt = try row.decode(Date?.self, "reported_at")
            errorCode = try row.decode(String?.self, "error_code")
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// The message status a send attempt sees: waiting until the campaign is sent or failed.
    package var messageStatus: MessageStatus {
        switch status {
        case .open, .full, .sending: .queued
        case .sent: .sent
        case .failed: .failed
        }
    }

    /// A member's provider message id: the campaign's id and its number (a drop campaign has one id for all).
    package static func providerMessageID(campaignID: String, recipient: String) -> String {
        campaignID + ":" + recipient
    }
}

/// A message of a campaign that is still waiting to be sent.
package struct VoiceCampaignMember: Sendable, Hashable {
    package let messageID: UUID
    package let recipient: String
    package let content: VoiceContent?
}

/// What joining a voice message to its campaign did.
package enum VoiceJoin: Sendable, Hashable {
    case joined(campaignID: UUID)
    /// A redelivered job: the message is a member already.
    case alreadyJoined(campaignID: UUID)
    /// The open campaign of its key already has a member with the same number (Voice Partner would drop once):
    /// join after that campaign is sent.
    case numberAlreadyInCampaign
    /// The message is past waiting (sent, failed, cancelled; or failed now because its number is blocked).
    case notWaiting(MessageStatus)
}
