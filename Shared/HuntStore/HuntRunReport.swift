/// What one run of a hunt did, as stored in `hunt_runs.report` and carried by `hunt.run.completed`: messages made
/// per channel (`sms`, `sms.step2` for a follow-up), failed sends moved to another channel, and why ads were not
/// contacted (`no_ready_channel`, `no_credits`, `blocked`, `invalid_phone`, `daily_limit_reached`,
/// `account_limit_reached`, `sender_cap_reached`, `window_never_opens`).
package struct HuntRunReport: Sendable, Hashable, Codable {
    package var kind = "daily"
    package var matched = 0
    package var allocated: [String: Int] = [:]
    package var rerouted = 0
    package var skipped: [String: Int] = [:]

    package init(kind: String = "daily") {
        self.kind = kind
    }

    package mutating func skip(_ reason: String, count: Int = 1) {
        guard count > 0 else { return }
        skipped[reason, default: 0] += count
    }
}
