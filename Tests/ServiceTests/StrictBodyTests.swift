import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import Gateway

/// Bodies are strict at every depth: a field no type asks for, top-level or inside a nested object (or an
/// object in an array), answers 400 `unknown-field` naming its dotted path, on every route that decodes a body.
@Suite struct StrictBodyTests {
    private typealias Fixture = MessagingFixture

    private static let unknownField = "urn:auto-prospect:problem:unknown-field"

    /// The fields a 400 `unknown-field` names, after checking it is one.
    private static func unknownFields(
        _ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String] {
        let problem = try Fixture.problem(response, .badRequest, type: unknownField, sourceLocation: sourceLocation)
        return problem.errors?.map(\.field) ?? []
    }

    private func post(
        _ fixture: MessagingFixture, _ path: String, headers: HTTPFields, method: HTTPRequest.Method = .post,
        _ body: String
    ) async throws -> TestResponse {
        try await fixture.client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(string: body))
    }

    /// A NUL character (which no text column can hold) is a bad value named by its path, wherever it is: a
    /// top-level string, a string in an array, a map's value, a nested object's field (schemathesis found the
    /// first as a 500 on the template preview).
    @Test func aNULCharacterInAnyStringIsRefusedNamingItsField() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account()
            let cases: [(String, String, String)] = [
                ("/api/templates", #"{"name":"a\u0000b","channel":"sms","text":"Bonjour"}"#, "name"),
                ("/api/webhooks", #"{"url":"http://example.com/h","events":["message.status\u0000"]}"#, "events.0"),
                (
                    "/api/sessions",
                    #"{"name":"s","engine":"cloud","cloud":{"phoneNumberId":"1\u0000","accessToken":"EAAG1"}}"#,
                    "cloud.phoneNumberId"
                ),
                ("/api/phone/sms", #"{"recipient":"+33612345678","text":"x\u0000"}"#, "text"),
            ]
            for (path, body, field) in cases {
                let response = try await post(fixture, path, headers: account.headers, body)
                #expect(response.status == .unprocessableContent, "\(path)")
                let json =
                    (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
                #expect(Fixture.fields(json ?? [:]) == [field], "\(path)")
            }
            #expect(try await fixture.storedMessages(account) == 0)
            let query = try await fixture.get(account, "/api/messages?correlationId=a%00b")
            #expect(query.status == .badRequest, "a NUL in a query parameter is a 400, not a 500")
        }
    }

    @Test func aMisspeltFieldInsideASessionsBlockIsRefusedByItsPath() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account()
            let cases: [(String, [String])] = [
                (#"{"name":"s","pacing":{"minGap":5}}"#, ["pacing.minGap"]),
                (
                    #"{"name":"s","pacing":{"minGapSeconds":5,"dailycap":9,"jitter":1}}"#,
                    ["pacing.dailycap", "pacing.jitter"]
                ),
                (
                    #"{"name":"s","engine":"cloud","cloud":{"phoneNumberID":"1065","phoneNumberId":"1","accessToken":"EAAG12345"}}"#,
                    ["cloud.phoneNumberID"]
                ),
                (#"{"name":"s","engine":"twilio","twilio":{"from":"+14155238886","form":"x"}}"#, ["twilio.form"]),
            ]
            for (body, fields) in cases {
                let response = try await post(fixture, "/api/sessions", headers: account.headers, body)
                #expect(try Self.unknownFields(response) == fields, "\(body)")
            }
            // Every known nested field is accepted: the request gets past decoding (no worker is live here).
            let known = try await post(
                fixture, "/api/sessions", headers: account.headers,
                #"{"name":"s","engine":"sandbox","pacing":{"minGapSeconds":5,"jitterSeconds":1,"dailyCap":9}}"#)
            #expect(known.status == .serviceUnavailable)
        }
    }

    @Test func aMisspeltFieldInsideAWhatsAppSendsMediaOrTemplateIsRefused() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account()
            let path = "/api/sessions/\(UUID().uuidString)/send"
            let cases: [(String, [String])] = [
                (
                    #"{"to":"+33612345678","template":{"name":"t","language":"fr","parameter":["a"]}}"#,
                    ["template.parameter"]
                ),
                (
                    #"{"to":"+33612345678","media":{"type":"image","url":"https://a.test/x.png","captoin":"x"}}"#,
                    ["media.captoin"]
                ),
                (#"{"to":"+33612345678","text":"a","extra":{"b":1}}"#, ["extra"]),
            ]
            for (body, fields) in cases {
                let response = try await post(fixture, path, headers: account.headers, body)
                #expect(try Self.unknownFields(response) == fields, "\(body)")
            }
            // Known fields get past decoding to the session lookup (404: there is no such session).
            let known = try await post(
                fixture, path, headers: account.headers,
                #"{"to":"+33612345678","media":{"type":"image","url":"https://a.test/x.png","caption":"c","filename":"f"}}"#
            )
            #expect(known.status == .notFound)
        }
    }

    @Test func flatBodiesStillNameTheirUnknownFields() async throws {
        try await Fixture.with { fixture in
            let account = try await fixture.account()
            let admin = AccountAPITests.admin
            let cases: [(HTTPRequest.Method, String, HTTPFields, String, [String])] = [
                (
                    .post, "/api/phone/sms", account.headers, #"{"recipient":"0612345678","text":"a","prio":1}"#,
                    ["prio"]
                ),
                (.post, "/api/admin/accounts", admin, #"{"name":"A","plan":"x"}"#, ["plan"]),
                (.post, "/api/admin/accounts/\(account.id)/api-keys", admin, #"{"name":"k","scope":"x"}"#, ["scope"]),
                (
                    .post, "/api/admin/accounts/\(account.id)/credits", admin, #"{"channel":"sms","amount":1,"x":2}"#,
                    ["x"]
                ),
                (
                    .put, "/api/channels/sms/credentials/smsmobileapi", account.headers,
                    #"{"apiKey":"key-123456","apikey":"x"}"#, ["apikey"]
                ),
                (
                    .post, "/api/admin/workers/register", WorkerRegistryFixture.worker,
                    #"{"workerId":"w1","instanceId":"\#(UUID())","endpoint":"http://a.test","maxSessions":1,"zone":"x"}"#,
                    ["zone"]
                ),
            ]
            for (method, path, headers, body, fields) in cases {
                let response = try await post(fixture, path, headers: headers, method: method, body)
                #expect(try Self.unknownFields(response) == fields, "\(path)")
            }
        }
    }
}
