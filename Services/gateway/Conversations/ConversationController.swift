import Domain
import Foundation
import Hummingbird
import MessageStore

/// The account's conversations with the contacts who wrote back, under `/api` (behind
/// ``AccountAuthMiddleware``):
///
/// - `GET /api/conversations?channel=&unread=&contact=&limit=&after=` → ``ConversationPage``, newest activity
///   first;
/// - `GET /api/conversations/{id}` → ``ConversationResource`` with its messages both ways, oldest first;
/// - `POST /api/conversations/{id}/reply` ``ConversationReplyRequest`` (+ `Idempotency-Key`) → 202
///   ``MessageResource``: on the conversation's channel, to the contact, through the provider (SMS) or the
///   session (WhatsApp) the contact wrote to, by the normal send path (credits, do-not-contact list);
/// - `POST /api/conversations/{id}/read` → 204: nothing unread any more.
///
/// Another account's conversation is 404, as an unknown one.
struct ConversationController: Sendable {
    let store: ConversationStore
    let sms: MessageController
    let whatsApp: WhatsAppSendController
    let rules: MessagingConfiguration

    static let replyRoute = "POST /api/conversations/{id}/reply"

    static let unknownConversation = ProblemDetails(
        status: .notFound, type: "urn:auto-prospect:problem:unknown-conversation",
        detail: "This account has no conversation with this id.")

    func register(on group: RouterGroup<AccountRequestContext>) {
        let conversations = group.group("conversations")
        conversations.get { request, context in try await list(request, context: context) }
        conversations.get(":id") { _, context in
            let conversation = try await conversation(context)
            return try Response.json(
                ConversationResource(conversation, history: try await store.history(of: conversation)))
        }
        conversations.post(":id/read") { _, context in
            let conversation = try await conversation(context)
            _ = try await store.markRead(accountID: context.accountID, id: conversation.id)
            return Response(status: .noContent)
        }
        conversations.post(":id/reply") { request, context in try await reply(request, context: context) }
    }

    func list(_ request: Request, context: AccountRequestContext) async throws -> Response {
        let limit = try AdminParameters.limit(request)
        let query = request.uri.queryParameters
        var filter = ConversationFilter()
        if let text = query.get("channel") {
            guard let channel = Channel(rawValue: String(text)) else {
                throw Self.invalidParameter("channel", "must be sms, whatsapp or voice")
            }
            filter.channel = channel
        }
        if let text = query.get("unread") {
            guard text == "true" || text == "false" else {
                throw Self.invalidParameter("unread", "must be true or false")
            }
            filter.unreadOnly = text == "true"
        }
        if let text = query.get("contact") {
            guard let phone = try? PhoneNumber(String(text), defaultRegion: rules.defaultRegion) else {
                throw Self.invalidParameter("contact", "must be a phone number in E.164 or national form")
            }
            filter.contactPhone = phone.e164
        }
        if let text = query.get("after") {
            guard let cursor = ConversationCursor(String(text)) else {
                throw Self.invalidParameter("after", "must be the next value of a previous page")
            }
            filter.after = cursor
        }
        let items = try await store.list(accountID: context.accountID, filter: filter, limit: limit)
        return try Response.json(
            ConversationPage(
                items: items.map { ConversationResource($0) },
                next: items.count == limit ? items.last.map { ConversationCursor(after: $0).text } : nil))
    }

    func reply(_ request: Request, context: AccountRequestContext) async throws -> Response {
        let key = try IdempotencyKey.read(from: request)
        let conversation = try await conversation(context)
        let body = try await request.decodeStrict(ConversationReplyRequest.self, context: context)
        let response: Response
        switch conversation.channel {
        case .sms:
            response = try await sms.sendSMS(
                SendSMSRequest(recipient: conversation.contactPhone, text: body.text, provider: conversation.provider),
                idempotencyKey: key, route: Self.replyRoute, context: context)
        case .whatsapp:
            guard let sessionID = conversation.sessionID,
                let session = try await whatsApp.session(where: "id = $2", sessionID, account: context.accountID)
            else {
                throw ProblemDetails(
                    status: .conflict, type: "urn:auto-prospect:problem:session-not-active",
                    detail: "The WhatsApp session this contact wrote to no longer exists.")
            }
            var fingerprint = RequestFingerprint(route: Self.replyRoute)
            fingerprint.add("conversation", conversation.id.uuidString.lowercased())
            fingerprint.add("text", body.text)
            response = try await whatsApp.send(
                from: session, to: conversation.contactPhone, field: "text", body: body.text, media: nil, key: key,
                fingerprint: fingerprint, context: context)
        case .voice:
            throw ProblemDetails(
                status: .conflict, type: "urn:auto-prospect:problem:reply-not-supported",
                detail: "Voice conversations cannot be answered with a text.")
        }
        if response.status == .accepted {
            // The reply is accepted and stored whatever happens here; a lost touch only leaves the list's order
            // behind, and must not turn the accepted reply into a 500 that invites a retry.
            do {
                try await store.touch(id: conversation.id)
            } catch {
                context.logger.warning(
                    "conversation activity not moved after a reply",
                    metadata: ["conversation.id": "\(conversation.id)", "error": "\(error)"])
            }
        }
        return response
    }

    /// The conversation named by the path, of this account.
    private func conversation(_ context: AccountRequestContext) async throws -> Conversation {
        guard let text = AdminParameters.path("id", context), let id = UUID(uuidString: text),
            let conversation = try await store.find(accountID: context.accountID, id: id)
        else { throw Self.unknownConversation }
        return conversation
    }

    private static func invalidParameter(_ name: String, _ rule: String) -> ProblemDetails {
        ProblemDetails(
            status: .badRequest, type: "urn:auto-prospect:problem:invalid-parameter",
            detail: "The query parameter \(name) \(rule).", errors: [.init(field: name, message: rule)])
    }
}
