/// What one run of a hunt did: messages made per channel and why ads were not contacted.
struct HuntRunReport: Sendable, Hashable, Encodable {
    var allocated: [String: Int] = [:]
    var skipped: [String: Int] = [:]
    var matched = 0

    mutating func skip(_ reason: String) { skipped[reason, default: 0] += 1 }
}
