import Foundation
import OutboundHTTP
import Outbox

/// Sessions on the WhatsApp Business Cloud API (PROVIDERS.md §4). There is no pairing: a session is a
/// business phone number id and an access token (``CloudAuthState``, sealed by the gateway). Connecting
/// checks both with `GET /{phone-number-id}`, and so does a keep-alive every `keepAlive` (an expired token
/// fails the session before a send finds out); sends are `POST /{phone-number-id}/messages`; statuses and
/// inbound messages reach the gateway's webhook, not this worker. Graph errors are handled by code
/// (``CloudAPIError/handling(code:httpStatus:)``): an expired or revoked token fails the session.
final class CloudEngine: WhatsAppEngine, Sendable {
    struct Configuration: Sendable {
        /// `https://graph.facebook.com/v21.0`: the base with the pinned Graph version.
        var baseURL: String
        var timeout: Duration = .seconds(15)
        /// After an interrupted send, how long a status webhook may take to show that Meta took the message
        /// (``lookup(sessionID:_:since:messageID:)``).
        var lookupGrace: Duration = .seconds(120)
        /// How long a sender pauses after a throughput limit (130429, 80007, 4).
        var rateLimitPause: Duration = .seconds(60)
        /// How often an open session's token is checked again (each success is a keep-alive).
        var keepAlive: Duration = .seconds(100)
    }

    private struct Open {
        var auth: CloudAuthState
    }

    private struct PhoneNumberInfo: Decodable {
        var display_phone_number: String?
    }

    private struct SendAnswer: Decodable {
        struct Sent: Decodable { var id: String }
        var messages: [Sent]
    }

    let configuration: Configuration
    let client: OutboundHTTPClient
    private let sessions = ProviderSessionTable<Open>()

    init(configuration: Configuration, client: OutboundHTTPClient) {
        var configuration = configuration
        while configuration.baseURL.hasSuffix("/") { configuration.baseURL.removeLast() }
        self.configuration = configuration
        self.client = client
    }

    func open(sessionID: UUID, authState: [UInt8]?) -> AsyncStream<EngineEvent> {
        guard let authState, let auth = try? JSONDecoder().decode(CloudAuthState.self, from: Data(authState)) else {
            return .failing("the session has no Cloud API credentials; create it again")
        }
        let (stream, continuation) = AsyncStream.makeStream(of: EngineEvent.self)
        let task = Task {
            await self.sessions.connect(
                sessionID, Open(auth: auth), authState: authState, keepAlive: self.configuration.keepAlive,
                continuation: continuation
            ) { await self.check(auth) }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    func close(sessionID: UUID) async { sessions.close(sessionID) }

    /// The number stays registered with Meta; this drops the token here (a new session takes a new one).
    func logout(sessionID: UUID) async {
        sessions.end(sessionID, with: .loggedOut(reason: "logged out on request; the access token was dropped"))
    }

    func scan(sessionID: UUID) async -> Bool { false }

    func send(sessionID: UUID, _ message: OutgoingWhatsApp) async -> EngineSendResult {
        guard let open = sessions.session(sessionID) else { return ProviderSessionTable<Open>.notOpen }
        guard let content = OutgoingContent(message) else { return ProviderSessionTable<Open>.unreadableContent }
        var request = OutboundRequest(
            method: .post, url: "\(configuration.baseURL)/\(open.auth.phoneNumberId)/messages",
            totalTimeout: configuration.timeout)
        request.provider = "cloud"
        request.setBearerToken(open.auth.accessToken)
        request.setBody(
            CloudMessageBody.json(to: message.to, content: content, messageID: message.messageID),
            contentType: "application/json")
        let response: OutboundResponse
        do {
            response = try await client.send(request)
        } catch {
            return EngineSendResult(transportError: error)
        }
        if response.isSuccess, let answer = try? response.decodeJSON(SendAnswer.self), let sent = answer.messages.first
        {
            return .sent(providerMessageID: sent.id)
        }
        return refusal(response, sessionID: sessionID)
    }

    /// Meta cannot be asked whether it took a message, but its status webhook names the message
    /// (`biz_opaque_callback_data`) and the gateway records it as sent: until the grace has passed since
    /// the interrupted attempt, the answer is `pending`; then the message is sent again.
    func lookup(sessionID: UUID, _ message: OutgoingWhatsApp, since: Date, messageID: UUID) async
        -> EngineLookupResult
    {
        let grace = Double(configuration.lookupGrace.components.seconds)
        return Date().timeIntervalSince(since) < grace ? .pending : .notFound
    }

    /// `GET /{phone-number-id}` with the token: the number's display phone, or why not.
    private func check(_ auth: CloudAuthState) async -> ProviderCheck {
        var request = OutboundRequest(
            method: .get,
            url: "\(configuration.baseURL)/\(auth.phoneNumberId)?fields=display_phone_number,verified_name",
            totalTimeout: configuration.timeout)
        request.provider = "cloud"
        request.setBearerToken(auth.accessToken)
        let response: OutboundResponse
        do {
            response = try await client.send(request)
        } catch {
            return .unreachable("the Cloud API is unreachable: \(error)")
        }
        if response.isSuccess, let info = try? response.decodeJSON(PhoneNumberInfo.self) {
            return .healthy(phone: "+" + (info.display_phone_number ?? auth.phoneNumberId).filter(\.isNumber))
        }
        let error = try? response.decodeJSON(CloudAPIError.self)
        let reason = error?.summary ?? "HTTP \(response.statusCode)"
        switch CloudAPIError.handling(code: error?.code, httpStatus: response.statusCode) {
        case .retry, .pauseSender: return .unreachable("the Cloud API answered \(reason)")
        case .sessionFailure, .failMessage: return .refused("the Cloud API refused the number or token: \(reason)")
        }
    }

    /// What a refused send means for the message and, for credential errors, for the session.
    private func refusal(_ response: OutboundResponse, sessionID: UUID) -> EngineSendResult {
        let error = try? response.decodeJSON(CloudAPIError.self)
        let code = error?.code.map(String.init) ?? "http_\(response.statusCode)"
        let reason = error?.summary ?? "HTTP \(response.statusCode) from the Cloud API"
        switch CloudAPIError.handling(code: error?.code, httpStatus: response.statusCode) {
        case .sessionFailure:
            sessions.end(sessionID, with: .failed(reason: "(\(code)) \(reason)"))
            return .permanentFailure(code: code, reason: reason)
        case .pauseSender(let long):
            let pause = long ? configuration.rateLimitPause * 15 : configuration.rateLimitPause
            return .transientFailure(code: code, reason: reason, retryAfter: pause, rateLimited: true)
        case .retry(let after):
            return .transientFailure(code: code, reason: reason, retryAfter: after, rateLimited: false)
        case .failMessage:
            return .permanentFailure(code: code, reason: reason)
        }
    }
}
