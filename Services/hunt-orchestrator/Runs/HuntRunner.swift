import Domain
import Foundation
import HuntStore
import Logging
import MessageStore

/// One run of one hunt (its first step; follow-ups are the next step of issue 11): the ads its criteria match
/// that may be contacted (``AdMatcher``), at most what its daily limit leaves today, each given to the first
/// channel of the step that is ready and has credits, rendered with the channel's template, and accepted into
/// the outbox like any API send (credits held; the gateway's outbox relays enqueue it, the senders send it),
/// scheduled inside the hunt's sending window. Each message's idempotency key is
/// `hunt-<huntId>-<channel>-<adId>`, so running a day again, or after a crash, makes nothing twice; the lead of
/// each contacted ad becomes `contacted` (a crash between the two is repaired at the next run).
struct HuntRunner: Sendable {
    let hunts: HuntRepository
    let matcher: AdMatcher
    let templates: TemplateStore
    let leads: LeadStore
    let messages: MessageRepository
    let routes: ChannelRoutes
    /// Ads one run considers at most when the hunt has no daily limit.
    let maxPerRun: Int
    let now: @Sendable () -> Date
    let logger: Logger

    func run(accountID: UUID, huntID: UUID) async throws -> HuntRunReport? {
        guard let hunt = try await hunts.find(accountID: accountID, id: huntID), hunt.status == .active,
            let step = hunt.definition.steps.first
        else { return nil }
        _ = try await leads.repair(huntID: huntID)
        let now = now()
        let window = Self.window(hunt.definition.window)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = window.timeZone
        let madeToday = try await hunts.messagesMade(huntID: huntID, since: calendar.startOfDay(for: now))
        let room = hunt.definition.dailyLimit.map { max(0, $0 - madeToday) } ?? maxPerRun
        var report = HuntRunReport()
        guard room > 0 else {
            report.skip("daily_limit_reached")
            return report
        }
        let ads = try await matcher.matches(accountID: accountID, criteria: hunt.definition.criteria, limit: room)
        report.matched = ads.count
        let channels = step.channels.compactMap(Channel.init(rawValue:))
        let ready = try await routes.ready(accountID: accountID, channels: channels)
        var stepTemplates: [Channel: MessageTemplate] = [:]
        for channel in channels {
            if let text = step.templates[channel.rawValue], let id = UUID(uuidString: text),
                let template = try await templates.find(accountID: accountID, id: id)
            {
                stepTemplates[channel] = template
            }
        }
        // Without a window a hunt sends as soon as the outbox relays it.
        let times = hunt.definition.window == nil ? ads.map { _ in nil } : window.schedule(ads.count, from: now)
        guard times.count == ads.count else {
            report.skip("window_never_opens")
            return report
        }
        for (ad, at) in zip(ads, times) {
            var placed = false
            var lastReason = "no_ready_channel"
            for channel in channels {
                guard let route = ready[channel], let template = stepTemplates[channel] else { continue }
                guard
                    let message = Self.message(
                        ad: ad, channel: channel, route: route, template: template, hunt: hunt, scheduledAt: at)
                else {
                    lastReason = "invalid_phone"
                    break
                }
                do {
                    _ = try await messages.accept(message)
                    try await leads.contacted(accountID: accountID, adID: ad.id, huntID: huntID)
                    report.allocated[channel.rawValue, default: 0] += 1
                    placed = true
                } catch MessageStoreError.insufficientCredits {
                    lastReason = "no_credits"
                    continue
                } catch MessageStoreError.recipientBlocked {
                    lastReason = "blocked"
                }
                break
            }
            if !placed { report.skip(lastReason) }
        }
        logger.info(
            "hunt run done",
            metadata: [
                "hunt.id": "\(huntID)", "hunt.matched": "\(report.matched)", "hunt.allocated": "\(report.allocated)",
                "hunt.skipped": "\(report.skipped)",
            ])
        return report
    }

    /// The message of `ad` on `channel`: the template rendered with the ad's values (a voice drop plays its audio).
    static func message(
        ad: MatchedAd, channel: Channel, route: ChannelRoute, template: MessageTemplate, hunt: Hunt, scheduledAt: Date?
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
        return NewMessage(
            accountID: hunt.accountID, channel: channel, provider: route.provider, recipient: recipient, body: body,
            segments: channel == .sms ? SMSSegments(text: body).count : 1,
            idempotencyKey:
                "hunt-\(hunt.id.uuidString.lowercased())-\(channel.rawValue)-\(ad.id.uuidString.lowercased())",
            scheduledAt: scheduledAt, huntID: hunt.id, adID: ad.id.uuidString.lowercased(), sessionID: route.sessionID,
            voice: voice)
    }

    /// The hunt's window; any time in Paris when it has none. French holidays are skipped in French windows.
    static func window(_ window: SendingWindow?) -> OutreachWindow {
        let paris = TimeZone(identifier: "Europe/Paris") ?? .gmt
        guard let window, let from = minutes(window.from), let to = minutes(window.to) else {
            return .always(paris)
        }
        let zone = TimeZone(identifier: window.timeZone) ?? paris
        return OutreachWindow(
            days: Set(window.days), from: from, to: to, timeZone: zone,
            skipsFrenchHolidays: zone.identifier == "Europe/Paris")
    }

    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        return parts.count == 2 ? parts[0] * 60 + parts[1] : nil
    }
}
