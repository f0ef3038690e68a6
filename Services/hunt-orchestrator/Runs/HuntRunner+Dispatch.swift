import Domain
import Foundation
import HuntStore
import MessageStore

extension HuntRunner {
    /// Gives each ad step `index` on the first of the step's channels (less `excluding`, those already tried)
    /// that is ready, under its sender's cap and has credits, with the template of the ad's variant, scheduled
    /// inside the window in the recipient's time zone; returns how many messages it made. A contact (`countsAsContact`) takes one of the run's
    /// room; a rerouted send is the same contact again and does not.
    func dispatch(
        _ ads: [MatchedAd], step index: Int, excluding: Set<String>, countsAsContact: Bool,
        _ context: inout DispatchContext
    ) async throws -> Int {
        guard !ads.isEmpty else { return 0 }
        let hunt = context.hunt
        let step = hunt.definition.steps[index]
        let channels = step.channels.compactMap(Channel.init(rawValue:)).filter { !excluding.contains($0.rawValue) }
        guard !channels.isEmpty else {
            context.report.skip("no_channel_left", count: ads.count)
            return 0
        }
        var ready = try await routes.ready(
            accountID: hunt.accountID, channels: channels, limits: context.limits, since: context.dayStart)
        let variants = try await templates(of: step, accountID: hunt.accountID)
        let times = Self.sendTimes(
            to: ads.map(\.phone), window: hunt.definition.window, from: context.now,
            defaultZone: context.window.timeZone)
        var made = 0
        // One transaction a batch: each message with its lead, one commit for the batch (a crash loses the whole
        // batch, never half of one, and the next run makes it again under the same keys).
        for start in stride(from: 0, to: ads.count, by: Self.batchSize) {
            try await pool.withTransaction { transaction in
                for position in start..<min(start + Self.batchSize, ads.count) {
                    let ad = ads[position]
                    guard let at = times[position] else {
                        context.report.skip("window_never_opens")
                        continue
                    }
                    if countsAsContact, context.room <= 0 {
                        context.report.skip(context.roomReason)
                        continue
                    }
                    let variant = step.variant(of: ad.id)
                    var placed = false
                    var lastReason = "no_ready_channel"
                    for channel in channels {
                        guard var senders = ready[channel], let template = variants[variant][channel] else { continue }
                        guard let route = senders.next else {
                            lastReason = "sender_cap_reached"
                            continue
                        }
                        guard
                            var message = HuntMessage.message(
                                ad: ad, channel: channel, route: route, template: template, hunt: hunt, step: index,
                                scheduledAt: at)
                        else {
                            lastReason = "invalid_phone"
                            break
                        }
                        message.huntVariant = variant
                        do {
                            _ = try await MessageRepository.accept(message, within: transaction)
                            try await LeadStore.opened(
                                accountID: hunt.accountID, adID: ad.id, huntID: hunt.id, on: transaction)
                            context.report.allocated[
                                index == 0 ? channel.rawValue : "\(channel.rawValue).step\(index + 1)", default: 0] += 1
                            senders.useNext()
                            ready[channel] = senders
                            placed = true
                            made += 1
                            if countsAsContact { context.room -= 1 }
                        } catch MessageStoreError.insufficientCredits {
                            lastReason = "no_credits"
                            continue
                        } catch MessageStoreError.recipientBlocked {
                            lastReason = "blocked"
                        }
                        break
                    }
                    if !placed { context.report.skip(lastReason) }
                }
            }
        }
        return made
    }

    /// Ads accepted in one transaction.
    static let batchSize = 50

    /// When each ad's send may go (`.some(nil)`: at once, the hunt has no window; nil: the window never opens).
    /// The window's days and hours are the recipient's local time (``RecipientTimeZone``; the hunt's zone for a
    /// number whose zone is not known), French holidays skipped in Europe/Paris; each zone's sends are spread
    /// over its own next opening.
    static func sendTimes(to phones: [String], window: SendingWindow?, from now: Date, defaultZone: TimeZone)
        -> [Date??]
    {
        guard let window else { return phones.map { _ in .some(nil) } }
        var times = [Date??](repeating: nil, count: phones.count)
        let zones = phones.map { RecipientTimeZone.zone(of: $0) ?? defaultZone }
        for (zone, indices) in Dictionary(grouping: phones.indices, by: { zones[$0] }) {
            var local = HuntRunner.window(window)
            local.timeZone = zone
            local.skipsFrenchHolidays = zone.identifier == "Europe/Paris"
            let schedule = local.schedule(indices.count, from: now)
            guard schedule.count == indices.count else { continue }
            for (index, at) in zip(indices, schedule) { times[index] = .some(at) }
        }
        return times
    }

    /// The templates of each variant of `step` by channel (variant A first); a template deleted since the hunt
    /// was saved is missing, and its channel is passed over.
    private func templates(of step: HuntStep, accountID: UUID) async throws -> [[Channel: MessageTemplate]] {
        var found: [String: MessageTemplate] = [:]
        var sets: [[Channel: MessageTemplate]] = []
        for set in step.templateSets {
            var byChannel: [Channel: MessageTemplate] = [:]
            for (name, text) in set {
                guard let channel = Channel(rawValue: name), let id = UUID(uuidString: text) else { continue }
                if found[text] == nil, let template = try await templates.find(accountID: accountID, id: id) {
                    found[text] = template
                }
                byChannel[channel] = found[text]
            }
            sets.append(byChannel)
        }
        return sets
    }
}
