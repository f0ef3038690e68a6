import Foundation
import Hummingbird

/// The request context of every gateway route: Hummingbird's core values plus the account that
/// ``AccountAuthMiddleware`` authenticated, if any (routes under `/api/admin` and the public ones have none).
package struct GatewayRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The account whose API key the request carried, set by ``AccountAuthMiddleware``.
    package var accountID: UUID?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        accountID = nil
    }
}
