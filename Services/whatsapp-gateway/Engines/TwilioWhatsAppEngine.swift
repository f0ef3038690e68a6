import Domain
import Foundation
import OutboundHTTP
import Outbox
import TwilioAPI

/// Sessions on WhatsApp through Twilio's Messages API (PROVIDERS.md §3.1): the same `Messages.json` as SMS
/// with both sides addressed `whatsapp:+E164`, sent with the account's stored Twilio credentials
/// (``TwilioAuthState`` names the account and the sender). Connecting checks the credentials with
/// `GET /Accounts/{sid}.json`. Delivery and read statuses reach the gateway's `/webhooks/twilio/{accountId}`
/// (`StatusCallback`). After an interrupted send, Twilio is asked (`GET Messages.json?To=…`) before sending
/// again.
final class TwilioWhatsAppEngine: WhatsAppEngine, Sendable {
    /// The account's Twilio credentials, as stored for SMS.
    struct Account: Sendable, Decodable {
        var accountSid: String
        var authToken: String
    }

    struct Configuration: Sendable {
        var baseURL: String
        /// The gateway's public URL, for status callbacks; none → no callbacks asked.
        var publicURL: String?
        var timeout: Duration = .seconds(15)
        var rateLimitPause: Duration = .seconds(60)
        /// How often an open session's credentials are checked again (each success is a keep-alive).
        var keepAlive: Duration = .seconds(100)
    }

    private struct Open {
        var auth: TwilioAuthState
        var account: Account
    }

    private struct Created: Decodable { var sid: String }

    let configuration: Configuration
    let client: OutboundHTTPClient
    let credentials: @Sendable (UUID) async throws -> Account
    private let sessions = ProviderSessionTable<Open>()

    init(
        configuration: Configuration, client: OutboundHTTPClient,
        credentials: @escaping @Sendable (UUID) async throws -> Account
    ) {
        self.configuration = configuration
        self.client = client
        self.credentials = credentials
    }

    func open(sessionID: UUID, authState: [UInt8]?) -> AsyncStream<EngineEvent> {
        guard let authState, let auth = try? JSONDecoder().decode(TwilioAuthState.self, from: Data(authState)) else {
            return .failing("the session has no Twilio sender; create it again")
        }
        let (stream, continuation) = AsyncStream.makeStream(of: EngineEvent.self)
        let task = Task { await self.connect(sessionID, auth: auth, authState: authState, continuation) }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    func close(sessionID: UUID) async { sessions.close(sessionID) }

    func logout(sessionID: UUID) async {
        sessions.end(sessionID, with: .loggedOut(reason: "logged out on request"))
    }

    func scan(sessionID: UUID) async -> Bool { false }

    func send(sessionID: UUID, _ message: OutgoingWhatsApp) async -> EngineSendResult {
        guard let open = sessions.session(sessionID) else { return ProviderSessionTable<Open>.notOpen }
        guard let content = OutgoingContent(message) else { return ProviderSessionTable<Open>.unreadableContent }
        var request = request(.post, "Messages.json", open.account)
        var fields = [
            (name: "To", value: "whatsapp:" + message.to), (name: "From", value: "whatsapp:" + open.auth.from),
        ]
        switch content {
        case .text(let text): fields.append(("Body", text))
        case .media(_, let url, let caption, _):
            fields.append(("MediaUrl", url))
            if let caption { fields.append(("Body", caption)) }
        case .template(let name, _, let parameters):
            // On Twilio an approved template is a Content SID (`HX…`) with numbered variables.
            fields.append(("ContentSid", name))
            let variables = Dictionary(
                uniqueKeysWithValues: parameters.enumerated().map { ("\($0.offset + 1)", $0.element) })
            if let json = try? JSONSerialization.data(withJSONObject: variables, options: [.sortedKeys]) {
                fields.append(("ContentVariables", String(decoding: json, as: UTF8.self)))
            }
        }
        if let publicURL = configuration.publicURL {
            fields.append(
                ("StatusCallback", "\(publicURL)/webhooks/twilio/\(open.auth.accountId.uuidString.lowercased())"))
        }
        request.setFormBody(fields)
        let response: OutboundResponse
        do {
            response = try await client.send(request)
        } catch {
            return EngineSendResult(transportError: error)
        }
        if response.isSuccess, let created = try? response.decodeJSON(Created.self) {
            return .sent(providerMessageID: created.sid)
        }
        return refusal(response, sessionID: sessionID)
    }

    /// Lists the messages to this recipient and looks for one with the same body created since the
    /// interrupted attempt (5 minutes of clock skew allowed), as the SMS sender does.
    func lookup(sessionID: UUID, _ message: OutgoingWhatsApp, since: Date, messageID: UUID) async
        -> EngineLookupResult
    {
        guard let open = sessions.session(sessionID) else { return .pending }
        let query = FormURLEncoding.encode([
            (name: "To", value: "whatsapp:" + message.to), (name: "From", value: "whatsapp:" + open.auth.from),
            (name: "PageSize", value: "50"),
        ])
        let request = request(.get, "Messages.json?" + query, open.account)
        guard let response = try? await client.send(request), response.isSuccess,
            let page = try? response.decodeJSON(TwilioMessagePage.self)
        else { return .pending }
        let body = OutgoingContent(message).flatMap { content -> String? in
            if case .text(let text) = content { return text }
            return nil
        }
        let match = page.sent(to: "whatsapp:" + message.to, body: body, since: since)
        return match.map { .found(providerMessageID: $0.sid) } ?? .notFound
    }

    private func connect(
        _ sessionID: UUID, auth: TwilioAuthState, authState: [UInt8],
        _ continuation: AsyncStream<EngineEvent>.Continuation
    ) async {
        let account: Account
        do {
            account = try await credentials(auth.accountId)
        } catch {
            continuation.yield(.failed(reason: "the account has no usable Twilio credentials"))
            continuation.finish()
            return
        }
        await sessions.connect(
            sessionID, Open(auth: auth, account: account), authState: authState, keepAlive: configuration.keepAlive,
            continuation: continuation
        ) { await self.check(account, from: auth.from) }
    }

    /// `GET /Accounts/{sid}.json`: whether the credentials still work.
    private func check(_ account: Account, from: String) async -> ProviderCheck {
        let response: OutboundResponse
        do {
            response = try await client.send(request(.get, ".json", account))
        } catch {
            return .unreachable("Twilio is unreachable: \(error)")
        }
        guard !response.isSuccess else { return .healthy(phone: from) }
        let error = try? response.decodeJSON(TwilioAPIError.self)
        let reason = "Twilio answered HTTP \(response.statusCode) (\(error?.code.map(String.init) ?? "-"))"
        if response.statusCode >= 500 || response.statusCode == 429 { return .unreachable(reason) }
        return .refused("Twilio refused the credentials: \(reason)")
    }

    /// `<base>/2010-04-01/Accounts/{sid}<path>` with Basic auth; `path` is `.json` or `/Messages.json…`.
    private func request(_ method: OutboundRequest.Method, _ path: String, _ account: Account) -> OutboundRequest {
        let separator = path.hasPrefix(".") ? "" : "/"
        var request = OutboundRequest(
            method: method,
            url: "\(configuration.baseURL)/2010-04-01/Accounts/\(account.accountSid)\(separator)\(path)",
            totalTimeout: configuration.timeout)
        request.provider = "twilio"
        request.headers.replaceOrAdd("Accept", "application/json")
        request.setBasicAuth(username: account.accountSid, password: account.authToken)
        return request
    }

    private func refusal(_ response: OutboundResponse, sessionID: UUID) -> EngineSendResult {
        let error = try? response.decodeJSON(TwilioAPIError.self)
        let code = error?.code.map(String.init) ?? "http_\(response.statusCode)"
        // Twilio quotes the numbers in its messages.
        let reason = PersonalDataRedaction.redacted(error?.message ?? "HTTP \(response.statusCode) from Twilio")
        switch TwilioAPIError.handling(code: error?.code, httpStatus: response.statusCode) {
        case .sessionFailure:
            sessions.end(sessionID, with: .failed(reason: "(\(code)) \(reason)"))
            return .permanentFailure(code: code, reason: reason)
        case .pauseSender:
            return .transientFailure(
                code: code, reason: reason, retryAfter: response.retryAfter ?? configuration.rateLimitPause,
                rateLimited: true)
        case .retry(let after):
            return .transientFailure(code: code, reason: reason, retryAfter: after, rateLimited: false)
        case .failMessage:
            return .permanentFailure(code: code, reason: reason)
        }
    }
}
