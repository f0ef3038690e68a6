import Domain
import Foundation
import Hummingbird
import MessageStore
import Outbox
import Postgres

/// The account's WhatsApp webhook credentials, under `/api` (behind ``AccountAuthMiddleware``):
///
/// - `PUT /api/channels/whatsapp/credentials/cloud {appSecret, verifyToken}` → 204 (``CloudWebhookCredentials``);
/// - `GET /api/channels/whatsapp/credentials` → `[ChannelCredentialResource]`.
///
/// The Cloud API's webhook (`/webhooks/whatsapp/{accountId}`) is checked with them. Sealed, never returned.
/// Each session's own access token comes with the session (`POST /api/sessions`, engine `cloud`).
struct WhatsAppCredentialController: Sendable {
    let store: ChannelCredentialStore
    let pool: PostgresPool

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.put("channels/whatsapp/credentials/cloud") { request, context in
            let body = try await request.decodeStrict(CloudWebhookCredentials.self, context: context)
            try await store.save(
                accountID: context.accountID, channel: .whatsapp, provider: "cloud", secret: body.sortedJSONBytes())
            context.logger.info(
                "Channel credential stored",
                metadata: ["account.id": "\(context.accountID)", "channel.name": "whatsapp", "provider.name": "cloud"])
            return Response(status: .noContent)
        }
        group.get("channels/whatsapp/credentials") { _, context in
            return try Response.json(
                try await ChannelCredentialResource.list(accountID: context.accountID, channel: .whatsapp, pool: pool))
        }
    }
}
