import Foundation
import Gateway
import Hummingbird
import Postgres
import ServiceRuntime
import Testing

/// Accounts, API keys, credits and sealed SMS credentials through the gateway's router, against the real
/// Postgres (a schema per test) and Redis (a prefix per test).
@Suite struct AccountAPITests {
    static let admin: HTTPFields = [
        .authorization: "Bearer \(AdminQueueAPITests.secret)", .contentType: "application/json",
    ]

    private func withGateway(
        _ body: @Sendable (TestStores, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestStores.with { test in
            let application = buildApplication(
                configuration: try GatewayRouterTests.configuration(), stores: test.stores,
                logger: TestStores.quietLogger)
            try await application.test(.router) { client in try await body(test, client) }
        }
    }

    private func decode<Value: Decodable>(_ type: Value.Type, _ response: TestResponse) throws -> Value {
        try JSONDecoder().decode(type, from: Data(response.body.readableBytesView))
    }

    private static func bearer(_ key: String) -> HTTPFields {
        [.authorization: "Bearer \(key)", .contentType: "application/json"]
    }

    private func createAccount(_ client: any TestClientProtocol, name: String = "Acme") async throws -> AccountResource
    {
        try await client.execute(
            uri: "/api/admin/accounts", method: .post, headers: Self.admin,
            body: ByteBuffer(string: #"{"name":"\#(name)"}"#)
        ) { response in
            #expect(response.status == .created)
            return try decode(AccountResource.self, response)
        }
    }

    private func issueKey(_ client: any TestClientProtocol, account: String, name: String = "ci") async throws
        -> IssuedAPIKey
    {
        try await client.execute(
            uri: "/api/admin/accounts/\(account)/api-keys", method: .post, headers: Self.admin,
            body: ByteBuffer(string: #"{"name":"\#(name)"}"#)
        ) { response in
            #expect(response.status == .created)
            return try decode(IssuedAPIKey.self, response)
        }
    }

    private func status(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields,
        body: String? = nil
    ) async throws -> HTTPResponse.Status {
        try await client.execute(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
        ) { $0.status }
    }

    // MARK: Accounts and keys

    @Test func anAccountAndItsKeysLiveAndDie() async throws {
        try await withGateway { test, client in
            let account = try await createAccount(client)
            #expect(account.name == "Acme")
            try await client.execute(uri: "/api/admin/accounts/\(account.id)", method: .get, headers: Self.admin) {
                #expect($0.status == .ok)
                let found = try decode(AccountResource.self, $0)
                #expect(found == account)
            }
            let issued = try await issueKey(client, account: account.id)
            #expect(issued.key.hasPrefix("ap_\(issued.prefix)_"))
            #expect(issued.accountId == account.id)

            // The key works; a wrong one with the same prefix, an unknown one and none do not.
            #expect(try await status(client, .get, "/api/credits", headers: Self.bearer(issued.key)) == .ok)
            let wrong = String(issued.key.dropLast()) + (issued.key.hasSuffix("A") ? "B" : "A")
            for headers in [Self.bearer(wrong), Self.bearer("ap_000000000000_nope"), Self.bearer("x"), [:]] {
                try await client.execute(uri: "/api/credits", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                }
            }
            // The admin secret is no API key.
            #expect(try await status(client, .get, "/api/credits", headers: Self.admin) == .unauthorized)

            // Listing shows the key without its secret.
            try await client.execute(
                uri: "/api/admin/accounts/\(account.id)/api-keys", method: .get, headers: Self.admin
            ) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(!text.contains(issued.key))
                let keys = try decode([APIKeyResource].self, response)
                #expect(keys.map(\.id) == [issued.id])
                #expect(keys.first?.revokedAt == nil)
            }

            // Revoked: 204, then the key is refused and listed as revoked.
            let revoke = "/api/admin/accounts/\(account.id)/api-keys/\(issued.id)"
            #expect(try await status(client, .delete, revoke, headers: Self.admin) == .noContent)
            try await client.execute(uri: "/api/credits", method: .get, headers: Self.bearer(issued.key)) { response in
                #expect(response.status == .unauthorized)
                let problem = try decode(ProblemDetails.Body.self, response)
                #expect(problem.detail?.contains("revoked") == true)
            }
            try await client.execute(
                uri: "/api/admin/accounts/\(account.id)/api-keys", method: .get, headers: Self.admin
            ) { response in
                let keys = try decode([APIKeyResource].self, response)
                #expect(keys.first?.revokedAt != nil)
            }

            // Unknown or malformed ids are 404.
            let missing = UUID().uuidString.lowercased()
            #expect(try await status(client, .get, "/api/admin/accounts/\(missing)", headers: Self.admin) == .notFound)
            #expect(try await status(client, .get, "/api/admin/accounts/not-a-uuid", headers: Self.admin) == .notFound)
            #expect(
                try await status(
                    client, .delete, "/api/admin/accounts/\(account.id)/api-keys/\(missing)", headers: Self.admin)
                    == .notFound)
            _ = test
        }
    }

    @Test func keysAreStoredHashedOnly() async throws {
        try await withGateway { test, client in
            let account = try await createAccount(client)
            let issued = try await issueKey(client, account: account.id)
            let rows = try await test.postgres.query(
                "select * from api_keys where id = $1", [UUID(uuidString: issued.id)!])
            let row = try #require(rows.first)
            var stored: [String] = []
            for name in row.columnNames {
                stored.append(try row.decode(String?.self, name) ?? "")
            }
            let secretPart = String(issued.key.split(separator: "_", maxSplits: 2)[2])
            #expect(!stored.contains { $0.contains(issued.key) || $0.contains(secretPart) })
            #expect(try row.decode(String.self, "prefix") == issued.prefix)
            #expect(try row.decode(String.self, "key_hash").count == 64)
        }
    }

    @Test func adminRoutesNeedTheAdminSecret() async throws {
        try await withGateway { _, client in
            let account = try await createAccount(client)
            let issued = try await issueKey(client, account: account.id)
            // An account's own API key does not open the admin API.
            #expect(
                try await status(
                    client, .post, "/api/admin/accounts", headers: Self.bearer(issued.key), body: #"{"name":"x"}"#)
                    == .unauthorized)
            #expect(try await status(client, .get, "/api/admin/accounts/\(account.id)", headers: [:]) == .unauthorized)
        }
    }

    // MARK: Credits

    @Test func creditsGrantedByTheAdminAreReadByTheAccount() async throws {
        try await withGateway { _, client in
            let account = try await createAccount(client)
            let issued = try await issueKey(client, account: account.id)
            let grant = "/api/admin/accounts/\(account.id)/credits"
            for amount in [500, 250] {
                try await client.execute(
                    uri: grant, method: .post, headers: Self.admin,
                    body: ByteBuffer(string: #"{"channel":"sms","amount":\#(amount)}"#)
                ) { #expect($0.status == .ok) }
            }
            try await client.execute(
                uri: grant, method: .post, headers: Self.admin,
                body: ByteBuffer(string: #"{"channel":"voice","amount":7}"#)
            ) { response in
                let balance = try decode(CreditBalanceResource.self, response)
                #expect(balance.channel == "voice" && balance.granted == 7 && balance.available == 7)
            }
            try await client.execute(uri: "/api/credits", method: .get, headers: Self.bearer(issued.key)) { response in
                #expect(response.status == .ok)
                let balances = try decode([CreditBalanceResource].self, response)
                let byChannel = Dictionary(uniqueKeysWithValues: balances.map { ($0.channel, $0) })
                #expect(balances.map(\.channel) == ["whatsapp", "sms", "voice"])
                #expect(byChannel["sms"]?.granted == 750 && byChannel["sms"]?.available == 750)
                #expect(byChannel["voice"]?.available == 7)
                #expect(byChannel["whatsapp"]?.granted == 0)
            }
            // Bad grants are 422 naming the field; an unknown account is 404.
            try await client.execute(
                uri: grant, method: .post, headers: Self.admin,
                body: ByteBuffer(string: #"{"channel":"fax","amount":0}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let problem = try decode(ProblemDetails.Body.self, response)
                #expect(problem.errors?.map(\.field) == ["channel", "amount"])
            }
            #expect(
                try await status(
                    client, .post, "/api/admin/accounts/\(UUID().uuidString)/credits", headers: Self.admin,
                    body: #"{"channel":"sms","amount":1}"#) == .notFound)
        }
    }

    // MARK: Strict bodies

    @Test func unknownFieldsAre400AndWrongTypesAre422() async throws {
        try await withGateway { _, client in
            try await client.execute(
                uri: "/api/admin/accounts", method: .post, headers: Self.admin,
                body: ByteBuffer(string: #"{"name":"Acme","plan":"gold"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try decode(ProblemDetails.Body.self, response)
                #expect(problem.type == "urn:auto-prospect:problem:unknown-field")
                #expect(problem.errors?.map(\.field) == ["plan"])
            }
            try await client.execute(
                uri: "/api/admin/accounts", method: .post, headers: Self.admin,
                body: ByteBuffer(string: #"{"name":42}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let problem = try decode(ProblemDetails.Body.self, response)
                #expect(problem.type == "urn:auto-prospect:problem:validation")
                #expect(problem.errors == [.init(field: "name", message: "must be a string")])
            }
            try await client.execute(
                uri: "/api/admin/accounts", method: .post, headers: Self.admin, body: ByteBuffer(string: "{}")
            ) { response in
                #expect(response.status == .unprocessableContent)
                let problem = try decode(ProblemDetails.Body.self, response)
                #expect(problem.errors?.map(\.field) == ["name"])
            }
            for body in ["[1]", "not json", ""] {
                #expect(
                    try await status(client, .post, "/api/admin/accounts", headers: Self.admin, body: body)
                        == .badRequest)
            }
            var textPlain = Self.admin
            textPlain[.contentType] = "text/plain"
            #expect(
                try await status(client, .post, "/api/admin/accounts", headers: textPlain, body: #"{"name":"a"}"#)
                    == .unsupportedMediaType)
        }
    }

    // MARK: SMS credentials

    @Test func credentialsAreSealedAtRestAndNeverReturned() async throws {
        try await withGateway { test, client in
            let account = try await createAccount(client)
            let key = try await issueKey(client, account: account.id).key
            let authToken = "twilio-auth-token-0123456789abcdef"
            let sid = "AC" + String(repeating: "0123456789abcdef", count: 2)
            let twilio = #"{"accountSid":"\#(sid)","authToken":"\#(authToken)","from":"+15017122661"}"#
            #expect(
                try await status(
                    client, .put, "/api/channels/sms/credentials/twilio", headers: Self.bearer(key), body: twilio)
                    == .noContent)
            let apiKey = "smsmobileapi-key-fedcba9876543210"
            #expect(
                try await status(
                    client, .put, "/api/channels/sms/credentials/smsmobileapi", headers: Self.bearer(key),
                    body: #"{"apiKey":"\#(apiKey)"}"#) == .noContent)

            try await client.execute(
                uri: "/api/channels/sms/credentials", method: .get, headers: Self.bearer(key)
            ) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(!text.contains(authToken) && !text.contains(apiKey) && !text.contains(sid))
                let listed = try decode([ChannelCredentialResource].self, response)
                #expect(listed.map(\.provider) == ["smsmobileapi", "twilio"])
                #expect(listed.allSatisfy { $0.channel == "sms" })
            }

            let rows = try await test.postgres.query(
                "select row_to_json(c)::text as line from channel_credentials c where account_id = $1",
                [UUID(uuidString: account.id)!])
            #expect(rows.count == 2)
            for row in rows {
                let line = try row.decode(String.self, "line")
                #expect(!line.contains(authToken) && !line.contains(apiKey) && !line.contains(sid))
                #expect(line.contains("v1.k1."))
            }
        }
    }

    @Test func badCredentialsAreRefusedFieldByField() async throws {
        try await withGateway { _, client in
            let account = try await createAccount(client)
            let key = try await issueKey(client, account: account.id).key
            let path = "/api/channels/sms/credentials/twilio"
            try await client.execute(
                uri: path, method: .put, headers: Self.bearer(key),
                body: ByteBuffer(string: #"{"accountSid":"XY1","authToken":"has space","from":"12"}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let problem = try decode(ProblemDetails.Body.self, response)
                #expect(problem.errors?.map(\.field) == ["accountSid", "authToken", "from"])
                #expect(!String(buffer: response.body).contains("has space"))
            }
            #expect(
                try await status(
                    client, .put, path, headers: Self.bearer(key), body: #"{"apiKey":"k","accountSid":"AC1"}"#)
                    == .badRequest)
            #expect(
                try await status(
                    client, .put, "/api/channels/sms/credentials/smsmobileapi", headers: Self.bearer(key),
                    body: #"{"apiKey":123}"#) == .unprocessableContent)
            #expect(
                try await status(
                    client, .put, "/api/channels/sms/credentials/nexmo", headers: Self.bearer(key),
                    body: #"{"apiKey":"k"}"#) == .notFound)
        }
    }

    // MARK: Isolation

    @Test func anAccountNeverSeesAnotherAccountsResources() async throws {
        try await withGateway { _, client in
            let first = try await createAccount(client, name: "First")
            let second = try await createAccount(client, name: "Second")
            let firstKey = try await issueKey(client, account: first.id)
            let secondKey = try await issueKey(client, account: second.id)
            #expect(
                try await status(
                    client, .put, "/api/channels/sms/credentials/smsmobileapi", headers: Self.bearer(firstKey.key),
                    body: #"{"apiKey":"first-secret"}"#) == .noContent)
            _ = try await status(
                client, .post, "/api/admin/accounts/\(first.id)/credits", headers: Self.admin,
                body: #"{"channel":"sms","amount":10}"#)

            // The second account sees none of the first's credentials or credits.
            try await client.execute(
                uri: "/api/channels/sms/credentials", method: .get, headers: Self.bearer(secondKey.key)
            ) { response in
                let listed = try decode([ChannelCredentialResource].self, response)
                #expect(listed.isEmpty)
            }
            try await client.execute(uri: "/api/credits", method: .get, headers: Self.bearer(secondKey.key)) {
                let balances = try decode([CreditBalanceResource].self, $0)
                #expect(balances.allSatisfy { $0.granted == 0 })
            }
            // A key is only reachable under its own account: elsewhere it is 404 and stays valid.
            #expect(
                try await status(
                    client, .delete, "/api/admin/accounts/\(second.id)/api-keys/\(firstKey.id)", headers: Self.admin)
                    == .notFound)
            #expect(try await status(client, .get, "/api/credits", headers: Self.bearer(firstKey.key)) == .ok)
            try await client.execute(
                uri: "/api/admin/accounts/\(second.id)/api-keys", method: .get, headers: Self.admin
            ) { response in
                let keys = try decode([APIKeyResource].self, response)
                #expect(keys.map(\.id) == [secondKey.id])
            }
        }
    }
}
