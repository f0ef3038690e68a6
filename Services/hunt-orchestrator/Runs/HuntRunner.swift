import Domain
import Foundation
import HuntStore
import Logging
import MessageStore

/// One run of one hunt. Follow-ups first: each later step goes to the hunt's leads still `contacted` whose last
/// message of the hunt is `afterDays` old (a reply or an opt-out moved the others on). Then the first step: the
/// ads its criteria match that may be contacted (``AdMatcher``), at most what its daily limit leaves today, each given to the first
/// channel of the step that is ready and has credits, rendered with the channel's template, and accepted into
/// the outbox like any API send (credits held; the gateway's outbox relays enqueue it, the senders send it),
/// scheduled inside the hunt's sending window. Each message's idempotency key is
/// `hunt-<huntId>-<channel>-<adId>` (`-s<n>-` for step n), so running a day again, or after a crash, makes nothing twice; the lead of
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
            let first = hunt.definition.steps.first
        else { return nil }
        _ = try await leads.repair(huntID: huntID)
        let now = now()
        let window = Self.window(hunt.definition.window)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = window.timeZone
        let madeToday = try await hunts.messagesMade(huntID: huntID, since: calendar.startOfDay(for: now))
        var room = hunt.definition.dailyLimit.map { max(0, $0 - madeToday) } ?? maxPerRun
        var report = HuntRunReport()
        // Follow-ups first: sellers already in conversation come before new ones when the day's room is short.
        for (index, step) in hunt.definition.steps.enumerated().dropFirst() where room > 0 {
            let due = try await matcher.followUps(
                huntID: huntID, index: index, afterDays: step.afterDays ?? 1, limit: room)
            room -= try await dispatch(due, step: step, index: index, hunt: hunt, now: now, window: window, &report)
        }
        if room > 0 {
            let ads = try await matcher.matches(accountID: accountID, criteria: hunt.definition.criteria, limit: room)
            report.matched = ads.count
            _ = try await dispatch(ads, step: first, index: 0, hunt: hunt, now: now, window: window, &report)
        } else {
            report.skip("daily_limit_reached")
        }
        logger.info(
            "hunt run done",
            metadata: [
                "hunt.id": "\(huntID)", "hunt.matched": "\(report.matched)", "hunt.allocated": "\(report.allocated)",
                "hunt.skipped": "\(report.skipped)",
            ])
        return report
    }

    /// Gives each ad the first channel of `step` that is ready and has credits, scheduled inside the window;
    /// returns how many messages it made.
    private func dispatch(
        _ ads: [MatchedAd], step: HuntStep, index: Int, hunt: Hunt, now: Date, window: OutreachWindow,
        _ report: inout HuntRunReport
    ) async throws -> Int {
        guard !ads.isEmpty else { return 0 }
        let channels = step.channels.compactMap(Channel.init(rawValue:))
        let ready = try await routes.ready(accountID: hunt.accountID, channels: channels)
        var stepTemplates: [Channel: MessageTemplate] = [:]
        for channel in channels {
            if let text = step.templates[channel.rawValue], let id = UUID(uuidString: text),
                let template = try await templates.find(accountID: hunt.accountID, id: id)
            {
                stepTemplates[channel] = template
            }
        }
        // Without a window a hunt sends as soon as the outbox relays it.
        let times = hunt.definition.window == nil ? ads.map { _ in nil } : window.schedule(ads.count, from: now)
        guard times.count == ads.count else {
            report.skip("window_never_opens")
            return 0
        }
        var made = 0
        for (ad, at) in zip(ads, times) {
            var placed = false
            var lastReason = "no_ready_channel"
            for channel in channels {
                guard let route = ready[channel], let template = stepTemplates[channel] else { continue }
                guard
                    let message = Self.message(
                        ad: ad, channel: channel, route: route, template: template, hunt: hunt, step: index,
                        scheduledAt: at)
                else {
                    lastReason = "invalid_phone"
                    break
                }
                do {
                    _ = try await messages.accept(message)
                    try await leads.contacted(accountID: hunt.accountID, adID: ad.id, huntID: hunt.id)
                    report.allocated[
                        index == 0 ? channel.rawValue : "\(channel.rawValue).step\(index + 1)", default: 0] += 1
                    placed = true
                    made += 1
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
        return made
    }

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
        return NewMessage(
            accountID: hunt.accountID, channel: channel, provider: route.provider, recipient: recipient, body: body,
            segments: channel == .sms ? SMSSegments(text: body).count : 1,
            idempotencyKey: idempotencyKey(hunt: hunt.id, step: step, channel: channel, ad: ad.id),
            scheduledAt: scheduledAt, huntID: hunt.id, adID: ad.id.uuidString.lowercased(), sessionID: route.sessionID,
            voice: voice)
    }

    /// `hunt-<huntId>-<channel>-<adId>` for the first contact, `hunt-<huntId>-s<n>-<channel>-<adId>` for step n.
    static func idempotencyKey(hunt: UUID, step: Int, channel: Channel, ad: UUID) -> String {
        let marker = step == 0 ? "" : "s\(step + 1)-"
        return "hunt-\(hunt.uuidString.lowercased())-\(marker)\(channel.rawValue)-\(ad.uuidString.lowercased())"
    }

    /// The hunt's window; any time in Paris when it has none. French holidays are skipped in French windows.
    static func window(_ window: SendingWindow?) -> OutreachWindow {
        let paris = TimeZone(identifier: "Europe/Paris") ?? .gmt
        guard let window, let from = SendingWindow.minutes(window.from), let to = SendingWindow.minutes(window.to)
        else {
            return .always(paris)
        }
        let zone = TimeZone(identifier: window.timeZone) ?? paris
        return OutreachWindow(
            days: Set(window.days), from: from, to: to, timeZone: zone,
            skipsFrenchHolidays: zone.identifier == "Europe/Paris")
    }
}
