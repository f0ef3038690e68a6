import Cryptography
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import JobRuntime
import Logging
import MessageStore
import Outbox

/// `POST /webhooks/smsmobileapi/{accountId}`: SMSMobileAPI Webhook V2 events for one account, signed with
/// the `webhookSecret` stored in its SMSMobileAPI credential (PROVIDERS.md §1.4). Answers 202 like the
/// official examples; 401 unsigned, 403 badly signed or older than 300 s.
///
/// - `sms.failed`: the message SMSMobileAPI knows by `data.guid` becomes `failed` (history + `events`);
/// - `sms.received`: an inbound reply, enqueued on `inbound` as `sms.received` (job id from the event id,
///   so a redelivered event is one job);
/// - `sms.sent` and the other types: acknowledged, nothing changes (the message is `sent` since the
///   provider accepted it; SMSMobileAPI reports no handset delivery).
struct SMSMobileAPIWebhookController: Sendable {
    let credentials: ChannelCredentialStore
    let messages: MessageRepository
    let events: MessageEventPublisher
    let inbound: JobQueue

    func register(on group: RouterGroup<GatewayRequestContext>) {
        group.post("smsmobileapi/:accountId") { request, context in try await receive(request, context: context) }
    }

    func receive(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let signature = request.headers[HTTPField.Name(SMSMobileAPISignature.signatureHeaderName)!]
        let timestamp = request.headers[HTTPField.Name(SMSMobileAPISignature.timestampHeaderName)!]
        guard let signature, !signature.isEmpty else {
            throw WebhookError.missingSignature(header: SMSMobileAPISignature.signatureHeaderName).problem
        }
        let (accountID, secret) = try await WebhookAccount.secret(
            "webhookSecret", provider: "smsmobileapi", context: context, store: credentials)
        let body = Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        let event: SMSMobileAPIWebhook
        do {
            event = try SMSMobileAPIWebhook.verified(
                body: body, signatureHeader: signature, timestampHeader: timestamp, secret: secret,
                now: Int64(Date().timeIntervalSince1970))
        } catch {
            throw error.problem
        }
        switch event.type {
        case .smsFailed:
            try await fail(event, accountID: accountID, logger: context.logger)
        case .smsReceived:
            guard let from = event.data.from else { throw WebhookError.missingField("data.from").problem }
            let job = InboundSMSJob(
                accountId: accountID.uuidString.lowercased(), provider: "smsmobileapi",
                providerMessageId: Self.providerMessageID(eventID: event.eventID), from: from,
                text: event.data.message ?? "",
                receivedAt: event.data.receivedAt.flatMap { try? Date($0, strategy: .iso8601) } ?? Date())
            _ = try await inbound.enqueue(job.request())
        default:
            break
        }
        return Response(status: .accepted)
    }

    /// The event id, or its SHA-256 when it is not usable in a job id (spaces, length): either way one
    /// inbound message per event.
    static func providerMessageID(eventID: String) -> String {
        let usable = eventID.utf8.count <= 128 && !eventID.contains(where: { $0.isWhitespace || $0.isNewline })
        return usable ? eventID : Hex.encode((try? Digest.sha256(eventID)) ?? [])
    }

    private func fail(_ event: SMSMobileAPIWebhook, accountID: UUID, logger: Logger) async throws {
        guard let guid = event.data.guid,
            let message = try await messages.find(provider: "smsmobileapi", providerMessageID: guid),
            message.accountID == accountID
        else {
            throw ProblemDetails(
                status: .notFound, type: "urn:auto-prospect:problem:unknown-message",
                detail: "No message of this account was sent with this guid.")
        }
        let result = try await ProviderStatusUpdate.apply(
            .failed, to: message, provider: "smsmobileapi", providerCode: event.typeName,
            detail: "smsmobileapi webhook: \(event.typeName)", messages: messages, logger: logger)
        if let result, result.changed { await events.publish(result.message, providerCode: event.typeName) }
    }
}
