import Domain
import Hummingbird
import MessageStore

/// `GET /api/credits` (behind ``AccountAuthMiddleware``) → the account's `[CreditBalanceResource]`, one per
/// channel (`whatsapp`, `sms`, `voice`), zeros where nothing was granted.
struct CreditController: Sendable {
    let ledger: CreditLedger

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.get("credits") { _, context in
            var balances: [CreditBalanceResource] = []
            for channel in Channel.allCases {
                balances.append(
                    CreditBalanceResource(try await ledger.balance(accountID: context.accountID, channel: channel)))
            }
            return try Response.json(balances)
        }
    }
}
