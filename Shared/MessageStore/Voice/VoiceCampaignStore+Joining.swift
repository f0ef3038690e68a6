import Cryptography
import Foundation
import Postgres

extension VoiceCampaignStore {
    /// Makes the voice message `messageID` a member of its campaign, in one transaction: a drop joins the open
    /// campaign of its account, audio and sender (opening one when there is none, closing it at
    /// ``maxMembers``), a text-to-speech call gets a campaign of its own. A message already a member, or no
    /// longer waiting, is left as it is; one whose number was blocked since it was accepted is failed
    /// (`recipient_blocked`, hold released).
    package func join(messageID: UUID) async throws(MessageStoreError) -> VoiceJoin {
        do {
            return try await pool.withTransaction { transaction in
                let rows = try await transaction.query(
                    """
                    select account_id, status, voice::text as voice, voice_campaign_id,
                        exists (
                            select 1 from blocked_contacts b
                            where b.account_id = messages.account_id and b.phone = messages.recipient
                        ) as blocked
                    from messages where id = $1 and channel = 'voice' for update
                    """,
                    [messageID])
                guard let row = rows.first else { throw MessageStoreError.messageNotFound }
                let statusText = try row.decode(String.self, "status")
                guard let status = MessageStatus(rawValue: statusText) else {
                    throw MessageStoreError.invalidRow("unknown message status \(statusText)")
                }
                guard status == .pending || status == .queued else { return .notWaiting(status) }
                if let campaignID = try row.decode(UUID?.self, "voice_campaign_id") {
                    return .alreadyJoined(campaignID: campaignID)
                }
                if try row.decode(Bool.self, "blocked") {
                    _ = try await MessageRepository.failUnsent(
                        where: "id = $1", [messageID], reason: .recipientBlocked, on: transaction)
                    return .notWaiting(.failed)
                }
                guard let content = VoiceContent(json: try row.decode(String?.self, "voice")) else {
                    throw MessageStoreError.invalidRow("a voice message without its voice content")
                }
                let accountID = try row.decode(UUID.self, "account_id")
                if content.kind == .drop,
                    try await Self.openCampaignHasNumber(of: messageID, content, accountID, on: transaction)
                {
                    return .numberAlreadyInCampaign
                }
                let campaignID = try await Self.openCampaign(for: content, accountID: accountID, on: transaction)
                try await transaction.execute(
                    "update messages set voice_campaign_id = $2, updated_at = now() where id = $1",
                    [messageID, campaignID])
                return .joined(campaignID: campaignID)
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// The campaign `content` joins, counted with the new member. Two drops joining at once serialise on the
    /// open campaign's row (the upsert's lock), so its size never passes ``maxMembers``; a send attempt that
    /// takes the campaign waits for the joins in progress, and after it no drop joins (the next one opens a new
    /// campaign).
    private static func openCampaign(
        for content: VoiceContent, accountID: UUID, on connection: PostgresConnection
    ) async throws -> UUID {
        let rows: PostgresQueryResult
        switch content.kind {
        case .drop:
            rows = try await connection.query(
                """
                insert into voice_campaigns (account_id, kind, audio_token, sender, size, status, callback_token)
                values ($1, 'drop', $2, $3, 1, case when $4 <= 1 then 'full' else 'open' end, $5)
                on conflict (account_id, audio_token, sender) where status = 'open' do update set
                    size = voice_campaigns.size + 1,
                    status = case when voice_campaigns.size + 1 >= $4 then 'full' else 'open' end,
                    last_joined_at = now(), updated_at = now()
                returning id
                """,
                [accountID, content.tokenAudio ?? "", content.sender ?? "", maxMembers, try callbackToken()])
        case .tts:
            rows = try await connection.query(
                """
                insert into voice_campaigns (account_id, kind, sender, size, status, callback_token)
                values ($1, 'tts', $2, 1, 'full', $3) returning id
                """,
                [accountID, content.sender ?? "", try callbackToken()])
        }
        guard let id = try rows.first?.decode(UUID.self, "id") else {
            throw MessageStoreError.invalidRow("opening a voice campaign returned nothing")
        }
        return id
    }

    /// Whether the open campaign of the drop's key has a member with the drop's number. The campaign row is
    /// locked first, so two drops to one number joining at once are seen one after the other.
    private static func openCampaignHasNumber(
        of messageID: UUID, _ content: VoiceContent, _ accountID: UUID, on connection: PostgresConnection
    ) async throws -> Bool {
        let open = try await connection.query(
            """
            select id from voice_campaigns
            where account_id = $1 and audio_token = $2 and sender = $3 and status = 'open' for update
            """,
            [accountID, content.tokenAudio ?? "", content.sender ?? ""])
        guard let campaignID = try open.first?.decode(UUID.self, "id") else { return false }
        return try await !connection.query(
            """
            select 1 from messages
            where voice_campaign_id = $1 and recipient = (select recipient from messages where id = $2) limit 1
            """,
            [campaignID, messageID]
        ).isEmpty
    }

    /// 32 random bytes in hex: the secret of the campaign's callback URL.
    private static func callbackToken() throws -> String {
        try SecureRandom.hexToken(byteCount: 32)
    }
}
