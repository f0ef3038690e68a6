import Foundation
import HTTPTypes
import Hummingbird
import MessageStore

/// The answer of every send route (SMS, voice): accepts the message through its dispatcher and answers 202
/// with the ``MessageResource`` and `Location: /api/messages/{id}`; a repeated Idempotency-Key answers 200
/// with the first message and `Idempotent-Replayed: true`, or 422 `idempotency-key-reused` when the request
/// differs (``StoredMessage/isReplay(of:)``); 402 `insufficient-credits`, 422 `recipient-blocked`.
enum MessageAcceptance {
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    /// `label` is the log line of a new message (`SMS accepted`).
    static func respond(
        accepting newMessage: NewMessage, dispatcher: MessageDispatcher, context: AccountRequestContext,
        label: String
    ) async throws -> Response {
        let accepted: AcceptedMessage
        do {
            accepted = try await dispatcher.dispatch(newMessage, logger: context.logger)
        } catch MessageStoreError.insufficientCredits(_, let required, let available) {
            throw ProblemDetails.insufficientCredits(required: required, available: available)
        } catch MessageStoreError.recipientBlocked {
            throw ProblemDetails.recipientBlocked
        }
        let message = accepted.message
        if accepted.isReplay {
            guard message.isReplay(of: newMessage) else { throw ProblemDetails.idempotencyKeyReused }
        } else {
            context.logger.info(
                "\(label)",
                metadata: [
                    "account.id": "\(context.accountID)", "message.id": "\(message.id)",
                    "message.status": "\(message.status)", "provider.name": "\(message.provider ?? "-")",
                ])
        }
        var response = try Response.json(MessageResource(message), status: accepted.isReplay ? .ok : .accepted)
        response.headers[.location] = "/api/messages/\(message.id.uuidString.lowercased())"
        if accepted.isReplay { response.headers[replayedHeader] = "true" }
        return response
    }
}
