import Cryptography
import Foundation
import HTTPTypes
import Hummingbird
import JobRuntime
import Logging
import MessageStore
import Outbox
import Postgres

/// The WhatsApp Cloud API's webhook for one account, `/webhooks/whatsapp/{accountId}` (PROVIDERS.md §4.4),
/// checked with the account's ``CloudWebhookCredentials``:
///
/// - `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` → 200 with the challenge as plain text
///   when the token matches, else 403;
/// - `POST` with `X-Hub-Signature-256` (401 without, 403 when it does not match the raw body) → 200:
///   `statuses[]` move the message Meta knows by its `wamid` (`delivered`, `read`, `failed` with the error
///   code, e.g. 131047), and `messages[]` become `whatsapp.received` jobs on `inbound` for the session whose
///   phone number id the change names. A status for a `wamid` the gateway has not recorded yet, carrying a
///   message id of this account in `biz_opaque_callback_data`, records that message as sent: the worker
///   crashed between Meta's answer and its own record, and this is the proof that the send went through.
///   Statuses of unknown messages are acknowledged (Meta would retry them for days) and logged.
struct CloudWebhookController: Sendable {
    let credentials: ChannelCredentialStore
    let messages: MessageRepository
    let events: MessageEventPublisher
    let inbound: JobQueue
    let pool: PostgresPool

    func register(on group: RouterGroup<GatewayRequestContext>) {
        group.get("whatsapp/:accountId") { request, context in try await verify(request, context: context) }
        group.post("whatsapp/:accountId") { request, context in try await receive(request, context: context) }
    }

    func verify(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let (_, verifyToken) = try await WebhookAccount.secret(
            "verifyToken", provider: "cloud", channel: .whatsapp, context: context, store: credentials)
        guard query.get("hub.mode") == "subscribe", let token = query.get("hub.verify_token"),
            ConstantTime.isEqual(token, verifyToken), let challenge = query.get("hub.challenge")
        else { throw WebhookError.invalidSignature.problem }
        return Response(
            status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: challenge)))
    }

    func receive(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        guard let header = request.headers[HTTPField.Name(CloudWebhookSignature.headerName)!], !header.isEmpty else {
            throw WebhookError.missingSignature(header: CloudWebhookSignature.headerName).problem
        }
        let (accountID, appSecret) = try await WebhookAccount.secret(
            "appSecret", provider: "cloud", channel: .whatsapp, context: context, store: credentials)
        let body = Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        do {
            try CloudWebhookSignature.verify(body: body, header: header, appSecret: appSecret)
        } catch {
            throw error.problem
        }
        let payload: CloudWebhookPayload
        do {
            payload = try JSONDecoder().decode(CloudWebhookPayload.self, from: Data(body))
        } catch {
            throw WebhookError.malformedBody("not a Cloud API webhook JSON object").problem
        }
        for value in payload.values {
            for status in value.statuses ?? [] {
                try await apply(status, accountID: accountID, logger: context.logger)
            }
            for message in value.messages ?? [] {
                try await receive(
                    message, phoneNumberID: value.metadata?.phone_number_id, accountID: accountID,
                    logger: context.logger)
            }
        }
        return Response(status: .ok)
    }

    private func apply(_ status: CloudWebhookPayload.Status, accountID: UUID, logger: Logger) async throws {
        var message = try await messages.find(provider: "cloud", providerMessageID: status.id)
        if message == nil { message = try await recordUnrecordedSend(status, accountID: accountID) }
        guard let message, message.accountID == accountID else {
            logger.info("cloud status for an unknown message, ignored", metadata: ["status": "\(status.status)"])
            return
        }
        let target: MessageStatus? =
            switch status.status {
            case "delivered": .delivered
            case "read", "played": .read
            case "failed": .failed
            default: nil
            }
        guard let target else { return }
        let code = status.errors?.first?.code.map(String.init)
        let detail = status.errors?.first.map { "\($0.title ?? "error"): \($0.message ?? "")" }
        let result = try await ProviderStatusUpdate.apply(
            target, to: message, provider: "cloud", providerCode: code,
            detail: detail.map { "cloud status failed: \($0)" } ?? "cloud status: \(status.status)",
            messages: messages, logger: logger)
        if let result, result.changed { await events.publish(result.message, providerCode: code, detail: detail) }
    }

    /// The message named by `biz_opaque_callback_data` when it is this account's, unsent, with no provider
    /// id yet: recorded as sent under this `wamid`.
    private func recordUnrecordedSend(_ status: CloudWebhookPayload.Status, accountID: UUID) async throws
        -> StoredMessage?
    {
        guard let opaque = status.biz_opaque_callback_data, let id = UUID(uuidString: opaque),
            let claimed = try await messages.load(id: id), claimed.accountID == accountID,
            claimed.providerMessageID == nil, !claimed.status.isPastSending
        else { return nil }
        let sent = try await messages.markSent(id: id, provider: "cloud", providerMessageID: status.id)
        if sent.changed { await events.publish(sent.message, detail: "recorded from the cloud status webhook") }
        return sent.message
    }

    /// Attributed to the account's connected session with that phone number id (the newest one when none is
    /// connected): an older failed session with the same number must not take the replies.
    private func receive(
        _ message: CloudWebhookPayload.Message, phoneNumberID: String?, accountID: UUID, logger: Logger
    ) async throws {
        guard let phoneNumberID,
            let row = try await pool.query(
                """
                select id from wa_sessions
                where account_id = $1 and engine = 'cloud' and options->>'phoneNumberId' = $2
                order by (status = 'connected') desc, created_at desc limit 1
                """,
                [accountID, phoneNumberID]
            ).first
        else {
            logger.info("cloud message for a number without a session, ignored")
            return
        }
        let job = InboundWhatsAppJob(
            sessionId: try row.decode(UUID.self, "id").uuidString.lowercased(),
            accountId: accountID.uuidString.lowercased(), engine: "cloud",
            from: message.from.hasPrefix("+") ? message.from : "+" + message.from, text: message.readableText,
            providerMessageId: message.id, media: message.media, receivedAt: Date())
        _ = try await inbound.enqueue(
            JobRequest(
                name: InboundWhatsAppJob.name, payload: job.encoded(),
                id: InboundWhatsAppJob.jobID(engine: "cloud", providerMessageID: message.id),
                accountID: job.accountId))
    }
}
