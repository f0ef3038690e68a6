import Domain
import Foundation
import Hummingbird
import MessageStore
import ServiceRuntime

/// Accounts, their API keys and credits, under `/api/admin/accounts` (behind ``AdminAuthMiddleware``):
///
/// - `POST /api/admin/accounts {name}` → 201 ``AccountResource``;
/// - `GET /api/admin/accounts/{id}` → ``AccountResource``;
/// - `POST /api/admin/accounts/{id}/api-keys {name}` → 201 ``IssuedAPIKey``, the whole key shown this once;
/// - `GET /api/admin/accounts/{id}/api-keys` → `[APIKeyResource]` (never a key or its hash);
/// - `DELETE /api/admin/accounts/{id}/api-keys/{keyId}` → 204, the key revoked;
/// - `POST /api/admin/accounts/{id}/credits {channel, amount}` → the channel's ``CreditBalanceResource``.
///
/// An unknown account, or a key of another account, answers 404.
struct AccountAdminController: Sendable {
    let accounts: AccountRepository
    let keys: APIKeyRepository
    let ledger: CreditLedger

    func register<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.post { request, context in
            let body = try await request.decodeStrict(NewAccountRequest.self, context: context)
            return try Response.json(try await accounts.create(name: body.name), status: .created)
        }
        group.get(":id") { _, context in
            try Response.json(try await account(context))
        }
        group.post(":id/api-keys") { request, context in
            let accountID = try await existingAccountID(context)
            let body = try await request.decodeStrict(NewAPIKeyRequest.self, context: context)
            return try Response.json(try await keys.issue(accountID: accountID, name: body.name), status: .created)
        }
        group.get(":id/api-keys") { _, context in
            try Response.json(try await keys.list(accountID: existingAccountID(context)))
        }
        group.delete(":id/api-keys/:keyId") { _, context in
            let accountID = try await existingAccountID(context)
            guard let keyID = Self.uuid("keyId", context), try await keys.revoke(accountID: accountID, keyID: keyID)
            else {
                throw ProblemDetails(
                    status: .notFound, type: "urn:auto-prospect:problem:unknown-api-key",
                    detail: "The account has no API key with this id.")
            }
            return Response(status: .noContent)
        }
        group.post(":id/credits") { request, context in
            let accountID = try await existingAccountID(context)
            let body = try await request.decodeStrict(CreditGrantRequest.self, context: context)
            // The body's validation guarantees a known channel.
            let channel = Channel(rawValue: body.channel) ?? .sms
            let balance = try await ledger.grant(accountID: accountID, channel: channel, amount: body.amount)
            return try Response.json(CreditBalanceResource(balance))
        }
    }

    static let unknownAccount = ProblemDetails(
        status: .notFound, type: "urn:auto-prospect:problem:unknown-account",
        detail: "There is no account with this id.")

    private func account(_ context: some RequestContext) async throws -> AccountResource {
        guard let id = Self.uuid("id", context), let account = try await accounts.find(id: id) else {
            throw Self.unknownAccount
        }
        return account
    }

    private func existingAccountID(_ context: some RequestContext) async throws -> UUID {
        guard let id = Self.uuid("id", context), try await accounts.find(id: id) != nil else {
            throw Self.unknownAccount
        }
        return id
    }

    /// A path parameter that is a UUID; anything else cannot name a row, so the caller answers 404.
    static func uuid(_ name: String, _ context: some RequestContext) -> UUID? {
        AdminParameters.path(name, context).flatMap(UUID.init(uuidString:))
    }
}
