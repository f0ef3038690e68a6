import Domain
import Foundation

/// An account's credits on one channel. `available = granted - committed - held` always holds (the
/// table checks it).
package struct CreditBalance: Sendable, Hashable {
    package let accountID: UUID
    package let channel: Channel
    /// Everything ever granted.
    package let granted: Int
    /// Spent on messages that were sent.
    package let committed: Int
    /// Reserved by accepted messages not yet sent or failed.
    package let held: Int
    /// What new messages can still hold.
    package let available: Int
}
