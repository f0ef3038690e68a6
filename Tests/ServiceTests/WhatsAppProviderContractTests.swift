import Foundation
import Testing

@testable import Gateway
@testable import WhatsAppGateway

/// The WhatsApp provider contracts of PROVIDERS.md §3–4 in the pieces that implement them: Graph and Twilio
/// error codes → what happens, the Cloud API message bodies, and the webhook signature vector.
@Suite struct WhatsAppProviderContractTests {
    @Test func graphErrorsAreHandledByCodeNotByHTTPStatus() {
        let cases: [(Int?, Int, CloudAPIError.Handling)] = [
            (190, 401, .sessionFailure), (0, 401, .sessionFailure), (10, 403, .sessionFailure),
            (131031, 400, .sessionFailure), (130429, 400, .pauseSender(long: false)),
            (130429, 429, .pauseSender(long: false)), (80007, 400, .pauseSender(long: false)),
            (131048, 400, .pauseSender(long: true)), (131056, 400, .retry(after: .seconds(10))),
            (131000, 500, .retry(after: nil)), (131016, 503, .retry(after: nil)), (131047, 400, .failMessage),
            (131026, 400, .failMessage), (131030, 400, .failMessage), (132001, 404, .failMessage),
            (nil, 503, .retry(after: nil)), (nil, 429, .retry(after: nil)), (nil, 400, .failMessage),
        ]
        for (code, status, expected) in cases {
            #expect(
                CloudAPIError.handling(code: code, httpStatus: status) == expected, "code \(String(describing: code))")
        }
    }

    @Test func twilioWhatsAppErrorsEndWhereTheyShould() {
        #expect(TwilioAPIError.handling(code: 63016, httpStatus: 400) == .failMessage)
        #expect(TwilioAPIError.handling(code: 21211, httpStatus: 400) == .failMessage)
        #expect(TwilioAPIError.handling(code: 20003, httpStatus: 401) == .sessionFailure)
        #expect(TwilioAPIError.handling(code: 20429, httpStatus: 429) == .pauseSender(long: false))
        #expect(TwilioAPIError.handling(code: 63018, httpStatus: 400) == .pauseSender(long: false))
        #expect(TwilioAPIError.handling(code: nil, httpStatus: 503) == .retry(after: nil))
    }

    @Test func theGraphErrorBodyIsReadWithItsDetails() throws {
        let body = #"""
            {"error":{"message":"(#131030) Recipient phone number not in allowed list","type":"OAuthException","code":131030,
            "error_data":{"messaging_product":"whatsapp","details":"Add recipient phone number to recipient list."},
            "error_subcode":2655007,"fbtrace_id":"AazvAP5ifTv1Jp1mvfgGTSE"}}
            """#
        let error = try JSONDecoder().decode(CloudAPIError.self, from: Data(body.utf8))
        #expect(error.code == 131030)
        #expect(error.summary.hasSuffix(": Add recipient phone number to recipient list."))
    }

    private func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func cloudBodiesFollowTheDocumentedShapes() throws {
        let id = UUID()
        let text = try json(CloudMessageBody.json(to: "+33612345678", content: .text("Bonjour"), messageID: id))
        #expect(text["messaging_product"] as? String == "whatsapp")
        #expect(text["to"] as? String == "33612345678")
        #expect(text["type"] as? String == "text")
        #expect((text["text"] as? [String: Any])?["body"] as? String == "Bonjour")
        #expect((text["text"] as? [String: Any])?["preview_url"] as? Bool == false)
        #expect(text["biz_opaque_callback_data"] as? String == id.uuidString.lowercased())

        let audio = try json(
            CloudMessageBody.json(
                to: "+33612345678",
                content: .media(type: "audio", url: "https://x.test/a.ogg", caption: "c", filename: "f"),
                messageID: nil))
        // Audio takes no caption; only documents take a file name.
        #expect(audio["audio"] as? [String: String] == ["link": "https://x.test/a.ogg"])
        let document = try json(
            CloudMessageBody.json(
                to: "+33612345678",
                content: .media(type: "document", url: "https://x.test/o.pdf", caption: "Offre", filename: "offre.pdf"),
                messageID: nil))
        #expect(
            document["document"] as? [String: String]
                == ["link": "https://x.test/o.pdf", "caption": "Offre", "filename": "offre.pdf"])

        let template = try json(
            CloudMessageBody.json(
                to: "+33612345678", content: .template(name: "relance_annonce", language: "fr", parameters: ["208"]),
                messageID: nil))
        let object = try #require(template["template"] as? [String: Any])
        #expect(object["name"] as? String == "relance_annonce")
        #expect(object["language"] as? [String: String] == ["code": "fr"])
        let components = try #require(object["components"] as? [[String: Any]])
        #expect(components.first?["type"] as? String == "body")
        #expect((components.first?["parameters"] as? [[String: String]]) == [["type": "text", "text": "208"]])
    }

    @Test func storedContentIsReadBackAsTextMediaOrTemplate() {
        let base = OutgoingWhatsApp(to: "+33612345678", text: "Bonjour", media: nil)
        #expect(OutgoingContent(base) == .text("Bonjour"))
        var media = base
        media.media = #"{"caption":"P","type":"image","url":"https://cdn.example.fr/p.jpg"}"#
        #expect(
            OutgoingContent(media)
                == .media(type: "image", url: "https://cdn.example.fr/p.jpg", caption: "P", filename: nil))
        var template = base
        template.media = #"{"language":"fr","name":"relance","parameters":["208"],"type":"template"}"#
        #expect(OutgoingContent(template) == .template(name: "relance", language: "fr", parameters: ["208"]))
        var broken = base
        broken.media = #"{"type":"image"}"#
        #expect(OutgoingContent(broken) == nil)
    }

    @Test func theHubSignatureMatchesTheDocumentedVector() throws {
        let body = Array(#"{"object":"whatsapp_business_account","entry":[]}"#.utf8)
        let header = "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756"
        try CloudWebhookSignature.verify(body: body, header: header, appSecret: "test_app_secret")
        #expect(throws: WebhookError.invalidSignature) {
            try CloudWebhookSignature.verify(body: body + [0x20], header: header, appSecret: "test_app_secret")
        }
        #expect(throws: WebhookError.invalidSignature) {
            try CloudWebhookSignature.verify(body: body, header: header, appSecret: "another")
        }
        #expect(throws: WebhookError.invalidSignature) {
            try CloudWebhookSignature.verify(
                body: body, header: String(header.dropFirst(7)), appSecret: "test_app_secret")
        }
    }
}
