import Domain
import Foundation
import HuntStore
import MessageStore

/// The message a hunt sends to an ad, and its idempotency key.
enum HuntMessage {
    /// The message of `ad` on `channel`: the template rendered with the ad's values (a voice drop plays its audio).
    static func message(
        ad: MatchedAd, channel: Channel, route: ChannelRoute, template: MessageTemplate, hunt: Hunt, step: Int,
        scheduledAt: Date?
    ) -> NewMessage? {
        guard let recipient = try? PhoneNumber(ad.phone) else { return nil }
        let rendered = template.text.flatMap { try? MessageTemplateText($0).render(ad.placeholders) }
        var voice: String?
        if channel == .voice {
            voice =
                template.tokenAudio.map { VoiceContent.drop(tokenAudio: $0, sender: nil).json }
                ?? VoiceContent.tts(text: rendered ?? "", lang: "fr", speechRate: nil).json
        }
        let body = rendered ?? template.tokenAudio ?? ""
        var message = NewMessage(
            accountID: hunt.accountID, channel: channel, provider: route.provider, recipient: recipient, body: body,
            segments: channel == .sms ? SMSSegments(text: body).count : 1,
            idempotencyKey: idempotencyKey(hunt: hunt.id, step: step, channel: channel, ad: ad.id),
            scheduledAt: scheduledAt, huntID: hunt.id, adID: ad.id.uuidString.lowercased(), sessionID: route.sessionID,
            voice: voice)
        message.huntStep = step
        return message
    }

    /// `hunt-<huntId>-<channel>-<adId>` for the first contact, `hunt-<huntId>-s<n>-<channel>-<adId>` for step n.
    static func idempotencyKey(hunt: UUID, step: Int, channel: Channel, ad: UUID) -> String {
        let marker = step == 0 ? "" : "s\(step + 1)-"
        return "hunt-\(hunt.uuidString.lowercased())-\(marker)\(channel.rawValue)-\(ad.uuidString.lowercased())"
    }
}
