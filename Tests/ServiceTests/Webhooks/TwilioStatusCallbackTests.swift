import Testing

@testable import Gateway

@Suite("Twilio status callbacks")
struct TwilioStatusCallbackTests {
    static let url = "https://example.com/webhooks/twilio/status"
    static let token = "12345"
    static let documentedBody = Array(
        ("AccountSid=ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&ApiVersion=2010-04-01&From=%2B15017122661"
            + "&MessageSid=SM1342fe1b2c904d1ab04f0fc7a58abca9&MessageStatus=delivered"
            + "&SmsSid=SM1342fe1b2c904d1ab04f0fc7a58abca9&SmsStatus=delivered&To=%2B33612345678").utf8)
    static let documentedSignature = "+SMqvgb1jEar/Cr/pZXy0mdCG7U="

    @Test("the documented delivered callback verifies and parses")
    func documentedCallback() throws {
        let callback = try TwilioStatusCallback.verified(
            body: Self.documentedBody, url: Self.url, signatureHeader: Self.documentedSignature, authToken: Self.token)
        #expect(callback.messageSID == "SM1342fe1b2c904d1ab04f0fc7a58abca9")
        #expect(callback.status == .delivered)
        #expect(callback.errorCode == nil)
        #expect(callback.accountSID == "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")
        #expect(callback.to == "+33612345678")
        #expect(callback.from == "+15017122661")
        #expect(callback.messagingServiceSID == nil)
    }

    @Test("undelivered WhatsApp callback with error code, signed and verified round trip")
    func undeliveredRoundTrip() throws {
        let body = Array(
            ("MessageSid=SMabc&MessageStatus=undelivered&ErrorCode=63016&To=whatsapp%3A%2B33612345678"
                + "&From=whatsapp%3A%2B14155238886&ChannelPrefix=whatsapp&MessagingServiceSid=MG1"
                + "&RawDlrDoneDate=2605041015")
                .utf8)
        let signature = TwilioSignature.compute(
            url: Self.url, parameters: try FormParameters(urlEncoded: body), authToken: "secret-token")
        let callback = try TwilioStatusCallback.verified(
            body: body, url: Self.url, signatureHeader: signature, authToken: "secret-token")
        #expect(
            callback
                == TwilioStatusCallback(
                    messageSID: "SMabc", status: .undelivered, errorCode: 63016, accountSID: nil,
                    to: "whatsapp:+33612345678", from: "whatsapp:+14155238886", messagingServiceSID: "MG1",
                    channelPrefix: "whatsapp", rawDeliveryReceiptDoneDate: "2605041015"))
        #expect(throws: WebhookError.invalidSignature) {
            try TwilioStatusCallback.verified(
                body: body, url: Self.url, signatureHeader: signature, authToken: Self.token)
        }
    }

    @Test("a tampered body, wrong URL or missing header changes nothing")
    func rejected() {
        var tampered = Self.documentedBody
        tampered.replaceSubrange(tampered.count - 2..<tampered.count, with: Array("79".utf8))
        #expect(throws: WebhookError.invalidSignature) {
            try TwilioStatusCallback.verified(
                body: tampered, url: Self.url, signatureHeader: Self.documentedSignature, authToken: Self.token)
        }
        #expect(throws: WebhookError.invalidSignature) {
            try TwilioStatusCallback.verified(
                body: Self.documentedBody, url: Self.url + "?x=1", signatureHeader: Self.documentedSignature,
                authToken: Self.token)
        }
        #expect(throws: WebhookError.missingSignature(header: "X-Twilio-Signature")) {
            try TwilioStatusCallback.verified(
                body: Self.documentedBody, url: Self.url, signatureHeader: nil, authToken: Self.token)
        }
        #expect(throws: WebhookError.invalidSignature) {
            try TwilioStatusCallback.verified(
                body: Array("a=%zz".utf8), url: Self.url, signatureHeader: Self.documentedSignature,
                authToken: Self.token)
        }
    }

    @Test("legacy SmsSid/SmsStatus are accepted; missing or unknown fields are errors")
    func parsing() throws {
        let legacy = try TwilioStatusCallback(form: FormParameters(urlEncoded: "SmsSid=SM1&SmsStatus=sent"))
        #expect(legacy.messageSID == "SM1")
        #expect(legacy.status == .sent)
        let cases: [(String, WebhookError)] = [
            ("MessageStatus=sent", .missingField("MessageSid")),
            ("MessageSid=SM1&MessageStatus=", .missingField("MessageStatus")),
            ("MessageSid=SM1&MessageStatus=bounced", .invalidField("MessageStatus")),
            ("MessageSid=SM1&MessageStatus=failed&ErrorCode=30x", .invalidField("ErrorCode")),
        ]
        for (body, error) in cases {
            #expect(throws: error) { try TwilioStatusCallback(form: FormParameters(urlEncoded: body)) }
            #expect(error.httpStatus == 400)
        }
        let failed = try TwilioStatusCallback(
            form: FormParameters(urlEncoded: "MessageSid=SM1&MessageStatus=failed&ErrorCode=30003"))
        #expect(failed.errorCode == 30003)
        #expect(
            try TwilioStatusCallback(
                form: FormParameters(urlEncoded: "MessageSid=SM1&MessageStatus=partially_delivered")
            ).status == .partiallyDelivered)
    }

    @Test("statuses rank so that late callbacks cannot undo a final one")
    func statusProgress() {
        #expect(TwilioMessageStatus.sent.progress < TwilioMessageStatus.delivered.progress)
        #expect(TwilioMessageStatus.queued.progress < TwilioMessageStatus.sent.progress)
        #expect(TwilioMessageStatus.delivered.progress < TwilioMessageStatus.read.progress)
        #expect(TwilioMessageStatus.failed.progress == TwilioMessageStatus.undelivered.progress)
        let final = TwilioMessageStatus.allCases.filter(\.isFinal)
        #expect(Set(final) == [.delivered, .undelivered, .failed, .read, .partiallyDelivered, .canceled])
        for status in TwilioMessageStatus.allCases where !status.isFinal {
            #expect(status.progress < TwilioMessageStatus.delivered.progress)
        }
    }
}
