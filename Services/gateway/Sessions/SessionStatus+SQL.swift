import Domain

extension SessionStatus {
    /// The statuses that hold a worker slot as a SQL list (`'starting','qr_required',…`), for `status in (…)`.
    /// Built from constants only, never from input.
    static let holdingSQLList = allCases.filter(\.holdsCapacity).map { "'\($0.rawValue)'" }.joined(separator: ",")
}
