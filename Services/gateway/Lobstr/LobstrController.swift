import Foundation
import Hummingbird
import HuntStore

/// The account's Lobstr connection, under `/api` (behind ``AccountAuthMiddleware``):
///
/// - `PUT /api/channels/lobstr/credentials {apiKey}` → 200 `{"webhookUrl": "<public>/webhooks/lobstr/<accountId>?token=…"}`:
///   the key is sealed, never returned; the webhook URL (to configure on the Lobstr squids) carries a new
///   token each time, shown only here (the old URL stops working).
struct LobstrController: Sendable {
    let accounts: LobstrAccountStore
    let publicURL: String

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.put("channels/lobstr/credentials") { request, context in
            let body = try await request.decodeStrict(LobstrCredentialsRequest.self, context: context)
            let token = try await accounts.save(accountID: context.accountID, apiKey: body.apiKey)
            context.logger.info(
                "Channel credential stored",
                metadata: ["account.id": "\(context.accountID)", "provider.name": "lobstr"])
            let account = context.accountID.uuidString.lowercased()
            return try Response.json(["webhookUrl": "\(publicURL)/webhooks/lobstr/\(account)?token=\(token)"])
        }
    }
}

/// `PUT /api/channels/lobstr/credentials` body.
struct LobstrCredentialsRequest: StrictJSONBody {
    static let fields: Set<String> = ["apiKey"]
    var apiKey: String

    func validationErrors() -> [ProblemDetails.FieldError] {
        AccountFieldRules.token(apiKey, field: "apiKey")
    }
}
