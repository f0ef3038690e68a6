import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import JobRuntime
import Logging
import MessageStore
import ServiceLifecycle
import ServiceRuntime
import Testing

typealias MessagingMessage = MessageResource
typealias MessagingQueueStats = AccountQueueStats

extension MessageResource {
    var id: UUID { UUID(uuidString: messageId)! }
}

/// An account created through the admin API, with one API key.
struct MessagingAccount: Sendable {
    let id: String
    let key: String

    var uuid: UUID { UUID(uuidString: id)! }
    var headers: HTTPFields { [.authorization: "Bearer \(key)", .contentType: "application/json"] }
}

/// The gateway's router over fresh stores (a Postgres schema and a Redis prefix of the test's own), with the
/// SMS sandbox on and a public URL of `https://example.test` unless `adjust` says otherwise, plus the calls
/// the messaging tests make through it.
struct MessagingFixture: Sendable {
    static let publicURL = "https://example.test"
    /// A national French mobile number and its E.164 form.
    static let nationalRecipient = "06 12 34 56 78"
    static let e164Recipient = "+33612345678"
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    let test: TestStores
    let client: any TestClientProtocol
    let configuration: GatewayConfiguration

    /// The configuration the fixture's gateway runs with.
    static func configuration(_ adjust: (inout GatewayConfiguration) -> Void = { _ in }) throws
        -> GatewayConfiguration
    {
        var configuration = try GatewayRouterTests.configuration()
        configuration.messaging.smsSandbox = true
        configuration.publicURL = publicURL
        adjust(&configuration)
        return configuration
    }

    /// Runs `body` against a fresh gateway, then checks that every invariant holds (no message or credit
    /// hold left stuck; see `MessageInvariantCheck`) unless `checkInvariants` is false.
    static func with(
        _ adjust: (inout GatewayConfiguration) -> Void = { _ in }, checkInvariants: Bool = true,
        consumingInbound: Bool = false, _ body: @Sendable (MessagingFixture) async throws -> Void
    ) async throws {
        let configuration = try Self.configuration(adjust)
        try await TestStores.with { test in
            // The gateway's `inbound` consumer, for the tests of replies; the others read the queue themselves.
            let services: [any Service] =
                consumingInbound
                ? [
                    buildInboundConsumer(
                        configuration: configuration, stores: test.stores, logger: TestStores.quietLogger)
                ]
                : []
            let application = buildApplication(
                configuration: configuration, stores: test.stores, services: services, logger: TestStores.quietLogger)
            try await application.test(.router) { client in
                let fixture = MessagingFixture(test: test, client: client, configuration: configuration)
                try await body(fixture)
                if checkInvariants { try await fixture.expectInvariantsHold() }
            }
        }
    }

    // MARK: Accounts

    /// A new account with an API key and `credits` SMS credits (none when 0).
    func account(name: String = "Acme", credits: Int = 10) async throws -> MessagingAccount {
        let account = try await client.execute(
            uri: "/api/admin/accounts", method: .post, headers: AccountAPITests.admin,
            body: ByteBuffer(string: Self.json(["name": name]))
        ) { response in
            try #require(response.status == .created)
            return try Self.decode(AccountResource.self, response)
        }
        let issued = try await client.execute(
            uri: "/api/admin/accounts/\(account.id)/api-keys", method: .post, headers: AccountAPITests.admin,
            body: ByteBuffer(string: #"{"name":"messaging"}"#)
        ) { response in
            try #require(response.status == .created)
            return try Self.decode(IssuedAPIKey.self, response)
        }
        if credits > 0 {
            try await client.execute(
                uri: "/api/admin/accounts/\(account.id)/credits", method: .post, headers: AccountAPITests.admin,
                body: ByteBuffer(string: #"{"channel":"sms","amount":\#(credits)}"#)
            ) { try #require($0.status == .ok) }
        }
        return MessagingAccount(id: account.id, key: issued.key)
    }

    /// Stores the account's credentials for `provider` (`twilio` or `smsmobileapi`).
    func storeCredentials(_ account: MessagingAccount, provider: String, _ fields: [String: String]) async throws {
        try await client.execute(
            uri: "/api/channels/sms/credentials/\(provider)", method: .put, headers: account.headers,
            body: ByteBuffer(string: Self.json(fields))
        ) { try #require($0.status == .noContent) }
    }

    /// The account's SMS credits (`GET /api/credits`).
    func smsCredits(_ account: MessagingAccount) async throws -> CreditBalanceResource {
        try await client.execute(uri: "/api/credits", method: .get, headers: account.headers) { response in
            try #require(response.status == .ok)
            return try #require(try Self.decode([CreditBalanceResource].self, response).first { $0.channel == "sms" })
        }
    }

    // MARK: Messages

    /// `POST /api/phone/sms` with `body` as given (a JSON text, possibly invalid on purpose).
    func post(_ account: MessagingAccount, body: String, idempotencyKey: String? = nil) async throws -> TestResponse {
        var headers = account.headers
        if let idempotencyKey { headers[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        return try await client.execute(
            uri: "/api/phone/sms", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// `POST /api/phone/sms` with these fields (recipient and text by default).
    func post(
        _ account: MessagingAccount, text: String = "Bonjour, votre annonce est-elle toujours en ligne ?",
        recipient: String = nationalRecipient, extra: [String: String] = [:], idempotencyKey: String? = nil
    ) async throws -> TestResponse {
        var fields = extra
        fields["recipient"] = recipient
        fields["text"] = text
        return try await post(account, body: Self.json(fields), idempotencyKey: idempotencyKey)
    }

    /// Sends an SMS that must be accepted (202) and returns the message.
    func send(
        _ account: MessagingAccount, text: String = "Bonjour, votre annonce est-elle toujours en ligne ?",
        extra: [String: String] = [:]
    ) async throws -> MessagingMessage {
        let response = try await post(account, text: text, extra: extra)
        try #require(response.status == .accepted)
        return try Self.decode(MessagingMessage.self, response)
    }

    /// `GET` of an account route.
    func get(_ account: MessagingAccount, _ path: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: account.headers)
    }

    /// `GET /api/messages/{id}`, which must answer 200.
    func message(_ account: MessagingAccount, _ id: String) async throws -> MessagingMessage {
        let response = try await get(account, "/api/messages/\(id)")
        try #require(response.status == .ok)
        return try Self.decode(MessagingMessage.self, response)
    }

    /// `GET /api/queues/sms/stats`, which must answer 200.
    func smsStats(_ account: MessagingAccount) async throws -> MessagingQueueStats {
        let response = try await get(account, "/api/queues/sms/stats")
        try #require(response.status == .ok)
        return try Self.decode(MessagingQueueStats.self, response)
    }

    /// The messages table as the sender sees it.
    var messages: MessageRepository { MessageRepository(pool: test.postgres, logger: TestStores.quietLogger) }

    /// What the SMS sender does once the provider accepted the message.
    func markSent(_ message: MessagingMessage, provider: String, providerMessageID: String) async throws {
        let result = try await messages.markSent(
            id: message.id, provider: provider, providerMessageID: providerMessageID)
        try #require(result.message.status == .sent)
    }

    /// The state of a job on one of the test's queues.
    func jobState(_ queue: String, _ id: String) async throws -> JobState {
        try await test.stores.queue(named: queue).status(of: id).state
    }

    /// How many rows of the test's `messages` table belong to the account.
    func storedMessages(_ account: MessagingAccount) async throws -> Int {
        let rows = try await test.postgres.query(
            "select count(*)::int8 as n from messages where account_id = $1", [account.uuid])
        return Int(try rows.first?.decode(Int64.self, "n") ?? -1)
    }

    // MARK: Bodies

    static func json(_ fields: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(fields)) ?? Data(), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, _ response: TestResponse) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(response.body.readableBytesView))
    }

    /// The response's problem, after checking its status, media type and (when given) type.
    @discardableResult
    static func problem(
        _ response: TestResponse, _ status: HTTPResponse.Status, type: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ProblemDetails.Body {
        #expect(response.status == status, sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        let problem = try decode(ProblemDetails.Body.self, response)
        #expect(problem.status == status.code, sourceLocation: sourceLocation)
        if let type { #expect(problem.type == type, sourceLocation: sourceLocation) }
        return problem
    }
}
