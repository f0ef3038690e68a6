import Domain
import Foundation
import Postgres

extension StoredMessage {
    /// The `messages` columns in the order ``init(row:)`` reads them by name.
    package static let columns = """
        id, account_id, channel, provider, recipient, body, segments, status, provider_message_id,
        provider_error_code, provider_error_message, idempotency_key, correlation_id, scheduled_at,
        hunt_id, ad_id, lead_id, created_at, updated_at, session_id, media::text as media, request_fingerprint,
        voice::text as voice, voice_campaign_id
        """

    package init(row: PostgresRow) throws(MessageStoreError) {
        do {
            let channelText = try row.decode(String.self, "channel")
            guard let channel = Channel(rawValue: channelText) else {
                throw MessageStoreError.invalidRow("unknown channel \(channelText)")
            }
            let statusText = try row.decode(String.self, "status")
            guard let status = MessageStatus(rawValue: statusText) else {
                throw MessageStoreError.invalidRow("unknown message status \(statusText)")
            }
            let recipient: PhoneNumber
            do {
                recipient = try PhoneNumber(try row.decode(String.self, "recipient"))
            } catch {
                throw MessageStoreError.invalidRow("the recipient is not an E.164 number")
            }
            self.init(
                id: try row.decode(UUID.self, "id"),
                accountID: try row.decode(UUID.self, "account_id"),
                channel: channel,
                provider: try row.decode(String?.self, "provider"),
                recipient: recipient,
                body: try row.decode(String.self, "body"),
                segments: try row.decode(Int.self, "segments"),
                status: status,
                providerMessageID: try row.decode(String?.self, "provider_message_id"),
                providerErrorCode: try row.decode(String?.self, "provider_error_code"),
                providerErrorMessage: try row.decode(String?.self, "provider_error_message"),
                idempotencyKey: try row.decode(String?.self, "idempotency_key"),
                correlationID: try row.decode(String?.self, "correlation_id"),
                scheduledAt: try row.decode(Date?.self, "scheduled_at"),
                huntID: try row.decode(UUID?.self, "hunt_id"),
                adID: try row.decode(String?.self, "ad_id"),
                leadID: try row.decode(UUID?.self, "lead_id"),
                createdAt: try row.decode(Date.self, "created_at"),
                updatedAt: try row.decode(Date.self, "updated_at"),
                sessionID: try row.decode(UUID?.self, "session_id"),
                media: try row.decode(String?.self, "media"),
                voice: try row.decode(String?.self, "voice"),
                voiceCampaignID: try row.decode(UUID?.self, "voice_campaign_id"),
                requestFingerprint: try row.decode(String?.self, "request_fingerprint")
            )
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }
}
