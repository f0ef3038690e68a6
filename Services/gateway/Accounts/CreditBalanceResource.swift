import MessageStore

/// An account's credits on one channel:
/// `{"available":480,"channel":"sms","committed":15,"granted":500,"held":5}`.
package struct CreditBalanceResource: Sendable, Hashable, Codable {
    package var channel: String
    package var granted: Int
    package var committed: Int
    package var held: Int
    package var available: Int

    init(_ balance: CreditBalance) {
        channel = balance.channel.rawValue
        granted = balance.granted
        committed = balance.committed
        held = balance.held
        available = balance.available
    }
}
