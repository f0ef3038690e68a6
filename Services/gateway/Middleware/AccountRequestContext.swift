import Foundation
import Hummingbird

/// The context of account routes: made from a ``GatewayRequestContext`` that ``AccountAuthMiddleware`` has
/// authenticated, so handlers get a non-optional ``accountID`` and cannot forget the check.
struct AccountRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The authenticated account: every account route reads and writes this account's rows only.
    let accountID: UUID

    init(context: GatewayRequestContext) throws {
        // Routes of this context are always registered behind the middleware; without it, refuse.
        guard let accountID = context.accountID else {
            throw AccountAuthMiddleware.unauthorized("An API key is required: send Authorization: Bearer <key>.")
        }
        self.coreContext = context.coreContext
        self.accountID = accountID
    }
}
