import Domain
import Foundation
import Postgres

/// Credits per account and channel: grants add to a balance row, a hold moves credits from available
/// to held when a message is accepted, and the hold is later committed (sent) or released (permanent
/// failure, cancellation). Every movement is also a `credit_ledger` row.
///
/// A hold is one conditional update of the balance row (`available >= n`), so concurrent holds
/// serialise on that row and can never overspend; a message has at most one hold and one settlement
/// (unique indexes), so a retried commit or release does nothing.
package struct CreditLedger: Sendable {
    let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Adds `amount` credits to the account's balance on `channel` and returns the new balance.
    @discardableResult
    package func grant(accountID: UUID, channel: Channel, amount: Int) async throws(MessageStoreError)
        -> CreditBalance
    {
        guard amount > 0 else { throw .invalidAmount(amount) }
        do {
            return try await pool.withTransaction { transaction in
                try await Self.grant(accountID: accountID, channel: channel, amount: amount, on: transaction)
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// The account's balance on `channel` (all zero when nothing was ever granted).
    package func balance(accountID: UUID, channel: Channel) async throws(MessageStoreError) -> CreditBalance {
        do {
            let rows = try await pool.query(
                "select \(Self.balanceColumns) from credit_balances where account_id = $1 and channel = $2",
                [accountID, channel.rawValue])
            guard let row = rows.first else {
                return CreditBalance(
                    accountID: accountID, channel: channel, granted: 0, committed: 0, held: 0, available: 0)
            }
            return try Self.balance(row: row, accountID: accountID, channel: channel)
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Commits the message's hold (it was sent). False when there is no hold or it was already settled.
    @discardableResult
    package func commit(messageID: UUID) async throws(MessageStoreError) -> Bool {
        try await settle(messageID: messageID, as: .commit)
    }

    /// Releases the message's hold back to available. False when there is no hold or it was already
    /// settled.
    @discardableResult
    package func release(messageID: UUID) async throws(MessageStoreError) -> Bool {
        try await settle(messageID: messageID, as: .release)
    }

    private func settle(messageID: UUID, as settlement: Settlement) async throws(MessageStoreError) -> Bool {
        do {
            return try await pool.withTransaction { transaction in
                try await Self.settle(messageID: messageID, as: settlement, on: transaction)
            }
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }
}
