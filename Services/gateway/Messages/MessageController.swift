import Domain
import Foundation
import HTTPTypes
import Hummingbird
import MessageStore
import Postgres

/// Sending and reading messages, under `/api` (behind ``AccountAuthMiddleware``):
///
/// - `POST /api/phone/sms` (``SendSMSRequest``, optional `Idempotency-Key` header) → 202
///   ``MessageResource`` with `Location: /api/messages/{id}`; the same key again → 200 with the same
///   message and `Idempotent-Replayed: true` (422 `idempotency-key-reused` if any field differs after
///   normalisation, or the key was another route's: ``StoredMessage/isReplay(of:)``); 402
///   `insufficient-credits` when the account lacks SMS credits for the segments; 422 `recipient-blocked` for a
///   number on the do-not-contact list (``BlockedContactController``);
/// - `GET /api/messages?status=&channel=&recipient=&correlationId=&huntId=&from=&to=&limit=&cursor=` →
///   `{items, nextCursor}`, newest first (``MessageSearch``, ``MessageSearchQuery``);
/// - `GET /api/messages/{id}` → ``MessageResource`` with its status history; 404 for another account's.
struct MessageController: Sendable {
    let dispatcher: MessageDispatcher
    let messages: MessageRepository
    let pool: PostgresPool
    let rules: MessagingConfiguration

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.post("phone/sms") { request, context in try await sendSMS(request, context: context) }
        group.get("messages") { request, context in
            let filters = try MessageSearchQuery.filters(request, region: rules.defaultRegion)
            let (items, next) = try await MessageSearch(pool: pool).page(accountID: context.accountID, filters)
            return try Response.json(MessagePage(items: items.map { MessageResource($0) }, nextCursor: next?.token))
        }
        group.get("messages/:id") { _, context in try await show(context) }
    }

    func sendSMS(_ request: Request, context: AccountRequestContext) async throws -> Response {
        let key = try IdempotencyKey.read(from: request)
        let body = try await request.decodeStrict(SendSMSRequest.self, context: context)
        return try await sendSMS(body, idempotencyKey: key, route: SMSSubmission.route, context: context)
    }

    /// Accepts `body` as an SMS of the account (also a conversation's reply: `route` names the route in the
    /// request's fingerprint, so one Idempotency-Key cannot be replayed across routes).
    func sendSMS(_ body: SendSMSRequest, idempotencyKey key: String?, route: String, context: AccountRequestContext)
        async throws -> Response
    {
        let submission = try SMSSubmission(
            body, accountID: context.accountID, idempotencyKey: key,
            configuredProviders: try await configuredProviders(context.accountID), rules: rules, route: route)
        return try await MessageAcceptance.respond(
            accepting: submission.message, dispatcher: dispatcher, context: context, label: "SMS accepted")
    }

    func show(_ context: AccountRequestContext) async throws -> Response {
        guard let text = AdminParameters.path("id", context), let id = UUID(uuidString: text),
            let message = try await messages.load(id: id), message.accountID == context.accountID
        else {
            throw ProblemDetails(
                status: .notFound, type: "urn:auto-prospect:problem:unknown-message",
                detail: "This account has no message with this id.")
        }
        var resource = MessageResource(message, history: try await messages.history(messageID: id))
        if let campaignID = message.voiceCampaignID,
            let campaign = try await VoiceCampaignStore(pool: pool).find(id: campaignID)
        {
            resource.campaign = VoiceCampaignResource(campaign)
        }
        return try Response.json(resource)
    }

    /// The SMS providers the account has stored credentials for.
    private func configuredProviders(_ accountID: UUID) async throws -> Set<String> {
        let rows = try await pool.query(
            "select provider from channel_credentials where account_id = $1 and channel = $2",
            [accountID, Channel.sms.rawValue])
        return Set(try rows.map { try $0.decode(String.self, "provider") })
    }
}
