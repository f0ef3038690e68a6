import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MessageStore
import Outbox

/// `POST /webhooks/twilio/{accountId}`: Twilio's message status callbacks for one account (the sender
/// asks for them at this URL). The `X-Twilio-Signature` is checked with the account's auth token against
/// the public URL (`AP_PUBLIC_URL` + path); `delivered`, `undelivered`, `failed` and (WhatsApp) `read` are applied to the
/// message Twilio knows by `MessageSid`, written to its history and published on `events`. Other statuses
/// (`queued`, `sent`, ...) and callbacks arriving out of order change nothing. Answers 204; 401 unsigned,
/// 403 badly signed, 404 for a message this account did not send through Twilio. The same URL takes the
/// account's incoming messages (`SmsStatus=received`, PROVIDERS.md §3.4): see ``TwilioIncomingMessages``;
/// those are answered with an empty TwiML `<Response/>`.
struct TwilioWebhookController: Sendable {
    let credentials: ChannelCredentialStore
    let messages: MessageRepository
    let events: MessageEventPublisher
    let publicURL: String
    let incoming: TwilioIncomingMessages

    func register(on group: RouterGroup<GatewayRequestContext>) {
        group.post("twilio/:accountId") { request, context in try await receive(request, context: context) }
    }

    func receive(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let signature = request.headers[HTTPField.Name("X-Twilio-Signature")!]
        guard let signature, !signature.isEmpty else {
            throw WebhookError.missingSignature(header: TwilioSignature.headerName).problem
        }
        let (accountID, authToken) = try await WebhookAccount.secret(
            "authToken", provider: "twilio", context: context, store: credentials)
        let body = Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        let form: FormParameters
        let callback: TwilioStatusCallback
        do {
            form = try TwilioStatusCallback.verifiedForm(
                body: body, url: publicURL + request.uri.description, signatureHeader: signature,
                authToken: authToken)
            callback = try TwilioStatusCallback(form: form)
        } catch {
            throw error.problem
        }
        if callback.status == .received {
            try await incoming.receive(form, messageSID: callback.messageSID, accountID: accountID)
            // Twilio wants TwiML; an empty Response sends no automatic reply.
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "<Response/>")))
            response.headers[.contentType] = "text/xml"
            return response
        }
        let status: MessageStatus? =
            switch callback.status {
            case .delivered: .delivered
            case .undelivered: .undelivered
            case .failed: .failed
            case .read: .read
            default: nil
            }
        guard let status else { return Response(status: .noContent) }
        guard let message = try await messages.find(provider: "twilio", providerMessageID: callback.messageSID),
            message.accountID == accountID
        else {
            throw ProblemDetails(
                status: .notFound, type: "urn:auto-prospect:problem:unknown-message",
                detail: "No message of this account was sent with this MessageSid.")
        }
        let code = callback.errorCode.map(String.init)
        let result = try await ProviderStatusUpdate.apply(
            status, to: message, provider: "twilio", providerCode: code,
            detail: "twilio status callback: \(callback.status.rawValue)", messages: messages, logger: context.logger)
        if let result, result.changed { await events.publish(result.message, providerCode: code) }
        return Response(status: .noContent)
    }
}
