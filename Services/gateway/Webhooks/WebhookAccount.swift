import Domain
import Foundation
import Hummingbird
import MessageStore

/// The account a provider webhook URL names (`/webhooks/<provider>/{accountId}`) and the stored SMS
/// credential whose secret verifies it. Any lookup failure is a signature failure (403): an unsigned
/// caller learns nothing about which accounts exist.
enum WebhookAccount {
    /// The account id in the path and the JSON field `field` of its `provider` credential for `channel`.
    static func secret(
        _ field: String, provider: String, channel: Channel = .sms, context: some RequestContext,
        store: ChannelCredentialStore
    ) async throws -> (accountID: UUID, secret: String) {
        guard let text = context.parameters.get("accountId"), let accountID = UUID(uuidString: text) else {
            throw WebhookError.invalidSignature.problem
        }
        let credential: ChannelCredential
        do {
            credential = try await store.open(accountID: accountID, channel: channel, provider: provider)
        } catch .credentialNotFound {
            throw WebhookError.invalidSignature.problem
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(credential.secret)) as? [String: Any],
            let secret = object[field] as? String, !secret.isEmpty
        else { throw WebhookError.invalidSignature.problem }
        return (accountID, secret)
    }
}
