import Domain
import Foundation
import Hummingbird
import MessageStore
import Postgres

/// The account's SMS provider credentials, under `/api` (behind ``AccountAuthMiddleware``):
///
/// - `PUT /api/channels/sms/credentials/smsmobileapi {apiKey}` → 204;
/// - `PUT /api/channels/sms/credentials/twilio {accountSid, authToken, from}` → 204;
/// - `GET /api/channels/sms/credentials` → `[ChannelCredentialResource]`: which providers are configured.
///
/// Credentials are sealed (AES-256-GCM, ``ChannelCredentialStore``) before they reach the database and are
/// never returned. Another provider name answers 404.
struct SMSCredentialController: Sendable {
    let store: ChannelCredentialStore
    let pool: PostgresPool

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.put("channels/sms/credentials/:provider") { request, context in
            let secret: [UInt8]
            let provider = try Self.provider(context)
            switch provider {
            case .smsMobileAPI:
                secret = try Self.encode(try await request.decodeStrict(SMSMobileAPICredentials.self, context: context))
            case .twilio:
                secret = try Self.encode(try await request.decodeStrict(TwilioCredentials.self, context: context))
            }
            try await store.save(
                accountID: context.accountID, channel: .sms, provider: provider.rawValue, secret: secret)
            context.logger.info(
                "Channel credential stored",
                metadata: [
                    "account.id": "\(context.accountID)", "channel.name": "sms",
                    "provider.name": "\(provider.rawValue)",
                ])
            return Response(status: .noContent)
        }
        group.get("channels/sms/credentials") { _, context in
            return try Response.json(
                try await ChannelCredentialResource.list(accountID: context.accountID, channel: .sms, pool: pool))
        }
    }

    private static func provider(_ context: AccountRequestContext) throws -> SMSCredentialProvider {
        guard let name = AdminParameters.path("provider", context), let provider = SMSCredentialProvider(rawValue: name)
        else {
            let known = SMSCredentialProvider.allCases.map(\.rawValue).joined(separator: ", ")
            throw ProblemDetails(
                status: .notFound, type: "urn:auto-prospect:problem:unknown-provider",
                detail: "No such SMS provider: known providers are \(known).")
        }
        return provider
    }

    /// The JSON that is sealed: the body's fields, keys sorted.
    private static func encode(_ credentials: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(credentials))
    }
}
