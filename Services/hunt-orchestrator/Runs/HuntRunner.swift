import Domain
import Foundation
import HuntStore
import JobRuntime
import Logging
import MessageStore
import Postgres

/// One run of one hunt. A daily run goes, in this order, to: the hunt's contacts whose every send of a step
/// failed (the step goes on with its next ready channel, ``AdMatcher/failedSteps(huntID:limit:)``); the
/// follow-ups due (each later step to the leads still `contacted`, the earlier step `afterDays` old); then the
/// first step, to the ads its criteria match that may be contacted (``AdMatcher``). Each ad gets the first
/// channel of the step that is ready, has credits and is under its sender's daily cap, rendered with the
/// channel's template of the ad's A/B variant, and is accepted into the outbox like any API send (credits held;
/// the gateway's outbox relays enqueue it, the senders send it), scheduled inside the hunt's sending window.
/// New contacts stop at what the hunt's and the account's daily limits leave today (counted in Postgres; the
/// runs of one account take turns under an advisory lock so two hunts cannot both take the last room). A
/// `reroute` run does the first part only (the scheduler asks for one when a hunt's send failed).
///
/// Each message's idempotency key is `hunt-<huntId>-<channel>-<adId>` (`-s<n>-` for step n), so running a day
/// again, or after a crash, makes nothing twice; each ad written to gets its lead, `new` until a message of the
/// hunt to it is sent, then `contacted`. Messages and leads are written in batches of
/// ``HuntRunner/batchSize``, one transaction each (a crash loses a whole batch, made again by the next run). The report is stored (``HuntRunStore``) and published as
/// `hunt.run.completed`.
struct HuntRunner: Sendable {
    enum Kind: String, Sendable {
        case daily
        case reroute
    }

    let pool: PostgresPool
    let hunts: HuntRepository
    let matcher: AdMatcher
    let templates: TemplateStore
    let leads: LeadStore
    let limits: OutreachLimitStore
    let counts: OutreachCounts
    let runs: HuntRunStore
    /// The `events` queue: `hunt.run.completed` (``HuntRunEventRelay`` publishes what this could not).
    let events: JobQueue
    let routes: ChannelRoutes
    /// Ads one run considers at most when no daily limit applies.
    let maxPerRun: Int
    let now: @Sendable () -> Date
    let logger: Logger

    func run(accountID: UUID, huntID: UUID, kind: Kind = .daily) async throws -> HuntRunRecord? {
        guard let hunt = try await hunts.find(accountID: accountID, id: huntID), hunt.status == .active,
            !hunt.definition.steps.isEmpty
        else { return nil }
        let report = try await AccountRunLock.holding(accountID: accountID, on: pool) {
            try await run(hunt, kind: kind)
        }
        let record = try await runs.record(huntID: huntID, accountID: accountID, report)
        do {
            _ = try await events.enqueue([HuntRunCompletedEvent(record).request])
            try await runs.markPublished(record.id)
        } catch {
            logger.warning("hunt run event left to the relay", metadata: ["error": "\(error)"])
        }
        logger.info(
            "hunt run done",
            metadata: [
                "hunt.id": "\(huntID)", "hunt.run": "\(kind.rawValue)", "hunt.matched": "\(report.matched)",
                "hunt.allocated": "\(report.allocated)", "hunt.rerouted": "\(report.rerouted)",
                "hunt.skipped": "\(report.skipped)",
            ])
        return record
    }

    private func run(_ hunt: Hunt, kind: Kind) async throws -> HuntRunReport {
        _ = try await leads.repair(huntID: hunt.id)
        let now = now()
        let window = Self.window(hunt.definition.window)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = window.timeZone
        let dayStart = calendar.startOfDay(for: now)
        var context = DispatchContext(
            hunt: hunt, now: now, dayStart: dayStart, window: window,
            limits: try await limits.limits(accountID: hunt.accountID), report: HuntRunReport(kind: kind.rawValue))

        let failed = try await matcher.failedSteps(huntID: hunt.id, limit: maxPerRun)
        for (step, group) in Dictionary(grouping: failed, by: \.step).sorted(by: { $0.key < $1.key })
        where step < hunt.definition.steps.count {
            for (tried, ads) in Dictionary(grouping: group, by: \.tried) {
                context.report.rerouted += try await dispatch(
                    ads.map(\.ad), step: step, excluding: tried, countsAsContact: false, &context)
            }
        }
        guard kind == .daily else { return context.report }

        let madeByHunt = try await counts.contacts(huntID: hunt.id, since: dayStart)
        let madeByAccount = try await counts.contacts(accountID: hunt.accountID, since: dayStart)
        let huntRoom = hunt.definition.dailyLimit.map { max(0, $0 - madeByHunt) } ?? maxPerRun
        let accountRoom = context.limits.dailyLimit.map { max(0, $0 - madeByAccount) } ?? .max
        context.room = min(huntRoom, accountRoom)
        context.roomReason = accountRoom < huntRoom ? "account_limit_reached" : "daily_limit_reached"
        // Follow-ups first: sellers already in conversation come before new ones when the day's room is short.
        for (index, step) in hunt.definition.steps.enumerated().dropFirst() where context.room > 0 {
            let due = try await matcher.followUps(
                huntID: hunt.id, index: index, afterDays: step.afterDays ?? 1, now: now, limit: context.room)
            _ = try await dispatch(due, step: index, excluding: [], countsAsContact: true, &context)
        }
        if context.room > 0 {
            let ads = try await matcher.matches(
                accountID: hunt.accountID, criteria: hunt.definition.criteria, now: now, limit: context.room)
            context.report.matched = ads.count
            _ = try await dispatch(ads, step: 0, excluding: [], countsAsContact: true, &context)
        } else {
            context.report.skip(context.roomReason)
        }
        return context.report
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

/// What one run carries from one dispatch to the next: the day, the room its limits leave, the report.
struct DispatchContext: Sendable {
    let hunt: Hunt
    let now: Date
    let dayStart: Date
    let window: OutreachWindow
    let limits: OutreachLimits
    var report: HuntRunReport
    /// New contacts the hunt's and the account's daily limits still allow; what stops them when it reaches 0.
    var room = Int.max
    var roomReason = "daily_limit_reached"
}
