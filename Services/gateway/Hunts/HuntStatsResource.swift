import Foundation
import HuntStore

/// `GET /api/hunts/{id}/stats`: what the hunt did, today (its local day) and in all, per channel; per step and
/// A/B variant with reply rates; the credits its sent messages used; its leads by stage; its last run's report
/// (allocations and the reasons ads were skipped); when it runs next and was last fed by Lobstr.
///
/// ```json
/// {"huntId":"…","status":"active","lastScanAt":"…","nextRunAt":"2026-12-04T00:00:00+01:00",
///  "today":{"sms":{"allocated":3,"sent":2,"failed":1,"replied":0}},"total":{"sms":{…}},
///  "creditsUsed":{"sms":4},"leads":{"contacted":2,"replied":1},
///  "steps":[{"step":1,"variant":"A","allocated":3,"sent":2,"delivered":1,"failed":1,"cancelled":0,
///            "replied":1,"optedOut":0,"replyRate":0.5}],
///  "lastRun":{"finishedAt":"…","kind":"daily","matched":3,"allocated":{"sms":3},"rerouted":0,
///             "skipped":{"no_credits":1}}}
/// ```
struct HuntStatsResource: Encodable, Sendable {
    struct ChannelFigures: Encodable, Sendable {
        var allocated = 0
        var sent = 0
        var failed = 0
        var replied = 0
    }

    struct StepFigures: Encodable, Sendable {
        var step: Int
        var variant: String
        var allocated = 0
        var sent = 0
        var delivered = 0
        var failed = 0
        var cancelled = 0
        var replied = 0
        var optedOut = 0
        var replyRate = 0.0
    }

    struct LastRun: Encodable, Sendable {
        var finishedAt: Date
        var kind: String
        var matched: Int
        var allocated: [String: Int]
        var rerouted: Int
        var skipped: [String: Int]
    }

    var huntId: String
    var status: String
    var lastScanAt: Date?
    var nextRunAt: Date?
    var today: [String: ChannelFigures] = [:]
    var total: [String: ChannelFigures] = [:]
    var creditsUsed: [String: Int] = [:]
    var leads: [String: Int]
    var steps: [StepFigures] = []
    var lastRun: LastRun?

    init(hunt: Hunt, cells: [HuntStatsStore.Cell], leads: [String: Int], lastRun: HuntRunRecord?, nextRunAt: Date?) {
        huntId = hunt.id.uuidString.lowercased()
        status = hunt.status.rawValue
        lastScanAt = hunt.lastScanAt
        self.nextRunAt = nextRunAt
        self.leads = leads
        var steps: [String: StepFigures] = [:]
        for cell in cells {
            today[cell.channel, default: ChannelFigures()].add(
                allocated: cell.allocatedToday, sent: cell.sentToday, failed: cell.failedToday, replied: 0)
            total[cell.channel, default: ChannelFigures()].add(
                allocated: cell.allocated, sent: cell.sent, failed: cell.failed, replied: cell.replied)
            if cell.creditsUsed > 0 { creditsUsed[cell.channel, default: 0] += cell.creditsUsed }
            let key = "\(cell.step):\(cell.variant)"
            var figures = steps[key] ?? StepFigures(step: cell.step + 1, variant: Self.variantName(cell.variant))
            figures.allocated += cell.allocated
            figures.sent += cell.sent
            figures.delivered += cell.delivered
            figures.failed += cell.failed
            figures.cancelled += cell.cancelled
            figures.replied += cell.replied
            figures.optedOut += cell.optedOut
            steps[key] = figures
        }
        self.steps = steps.values.map { figures in
            var figures = figures
            figures.replyRate = figures.sent == 0 ? 0 : Double(figures.replied) / Double(figures.sent)
            return figures
        }.sorted { ($0.step, $0.variant) < ($1.step, $1.variant) }
        self.lastRun = lastRun.map {
            LastRun(
                finishedAt: $0.finishedAt, kind: $0.report.kind, matched: $0.report.matched,
                allocated: $0.report.allocated, rerouted: $0.report.rerouted, skipped: $0.report.skipped)
        }
    }

    /// `A`, `B`, … for variants 0, 1, ….
    static func variantName(_ index: Int) -> String {
        index < 26 ? String(UnicodeScalar(UInt8(65 + index))) : "V\(index + 1)"
    }
}

extension HuntStatsResource.ChannelFigures {
    fileprivate mutating func add(allocated: Int, sent: Int, failed: Int, replied: Int) {
        self.allocated += allocated
        self.sent += sent
        self.failed += failed
        self.replied += replied
    }
}
