/// What an invariant check found, as `GET /api/admin/invariants` answers it:
///
/// ```json
/// {"ok":false,"violations":[{"invariant":"queued_without_job","count":2,"sampleIds":["…","…"]}]}
/// ```
package struct InvariantReport: Codable, Sendable, Hashable {
    /// True when nothing is violated.
    package var ok: Bool
    package var violations: [InvariantViolation]

    package init(violations: [InvariantViolation]) {
        self.ok = violations.isEmpty
        self.violations = violations
    }
}

/// One broken invariant: its name, how many rows break it, and a few of their ids (message ids, or
/// `<accountId>/<channel>` for balances). Ids only: no numbers, bodies or secrets.
package struct InvariantViolation: Codable, Sendable, Hashable {
    package var invariant: String
    package var count: Int
    package var sampleIds: [String]

    package init(invariant: InvariantName, count: Int, sampleIds: [String]) {
        self.invariant = invariant.rawValue
        self.count = count
        self.sampleIds = Array(sampleIds.prefix(InvariantCheck.sampleSize))
    }
}

/// The invariants that keep every message and every credit hold from being stuck.
package enum InvariantName: String, Sendable, Hashable, CaseIterable {
    /// No message older than the expiry is still unsent (`pending` or `queued`).
    case unsentPastExpiry = "unsent_past_expiry"
    /// Per account and channel, the held credits equal the holds of the unsent messages.
    case heldCreditsMatchUnsentHolds = "held_credits_match_unsent_holds"
    /// Every `queued` message has a live job (waiting, active or delayed) in Redis.
    case queuedWithoutJob = "queued_without_job"
}
