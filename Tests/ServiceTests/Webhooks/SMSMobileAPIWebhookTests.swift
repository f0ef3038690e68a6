import Foundation
import Testing

@testable import Gateway

@Suite("SMSMobileAPI Webhook V2")
struct SMSMobileAPIWebhookTests {
    static let secret = "whsec_test"
    static let vectorBody = Array(#"{"id":"8e9a1207-e3a4-4550-a4af-3dad6cff5108","type":"sms.received"}"#.utf8)
    static let vectorTimestamp = "1758628801"
    static let vectorSignature = "v1=4b6830bad40caf9a5fc2b46a14b054f6ca431980bcb2f8e3291c6c066224a396"
    static let fixture = Array(
        #"""
        {"id":"8e9a1207-e3a4-4550-a4af-3dad6cff5108","type":"sms.received","api_version":"2026-09-22",
         "created_at":"2026-09-23T12:00:01Z","occurred_at":"2026-09-23T12:00:00Z",
         "data":{"guid":"SMS-GUID-1001","from":"+15551234567","message":"Can you call me back?",
                 "received_at":"2026-09-23T12:00:00Z","alias":"Taylor","device_id":"office-phone-1"}}
        """#.utf8)

    @Test("the documented test vector (PROVIDERS.md §1.4)")
    func documentedVector() throws {
        #expect(
            try SMSMobileAPISignature.compute(
                timestamp: Self.vectorTimestamp, body: Self.vectorBody, secret: Self.secret)
                == Self.vectorSignature)
        try SMSMobileAPISignature.verify(
            signatureHeader: Self.vectorSignature, timestampHeader: Self.vectorTimestamp, body: Self.vectorBody,
            secret: Self.secret, now: 1_758_628_801)
        try SMSMobileAPISignature.verify(
            signatureHeader: Self.vectorSignature.uppercased().replacingOccurrences(of: "V1=", with: "v1="),
            timestampHeader: Self.vectorTimestamp, body: Self.vectorBody, secret: Self.secret, now: 1_758_628_801)
    }

    @Test("the sms.received fixture verifies and decodes")
    func fixtureRoundTrip() throws {
        let signature = try SMSMobileAPISignature.compute(timestamp: "1758628801", body: Self.fixture, secret: "s3cret")
        let event = try SMSMobileAPIWebhook.verified(
            body: Self.fixture, signatureHeader: signature, timestampHeader: "1758628801", secret: "s3cret",
            now: 1_758_629_000)
        #expect(event.eventID == "8e9a1207-e3a4-4550-a4af-3dad6cff5108")
        #expect(event.type == .smsReceived)
        #expect(event.apiVersion == "2026-09-22")
        #expect(event.createdAt == "2026-09-23T12:00:01Z")
        #expect(event.occurredAt == "2026-09-23T12:00:00Z")
        #expect(
            event.data
                == SMSMobileAPIEventData(
                    guid: "SMS-GUID-1001", from: "+15551234567", message: "Can you call me back?",
                    receivedAt: "2026-09-23T12:00:00Z", alias: "Taylor", deviceID: "office-phone-1"))
    }

    @Test("tampered body, wrong secret, other version or bad hex is 403")
    func invalidSignatures() {
        var tampered = Self.vectorBody
        tampered[tampered.count - 3] = UInt8(ascii: "x")
        let cases: [(signature: String, body: [UInt8], secret: String)] = [
            (Self.vectorSignature, tampered, Self.secret),
            (Self.vectorSignature, Self.vectorBody, "whsec_other"),
            (Self.vectorSignature, Self.vectorBody, ""),
            ("v2=" + Self.vectorSignature.dropFirst(3), Self.vectorBody, Self.secret),
            (String(Self.vectorSignature.dropFirst(3)), Self.vectorBody, Self.secret),
            (String(Self.vectorSignature.dropLast()), Self.vectorBody, Self.secret),
            (String(Self.vectorSignature.dropLast(2)), Self.vectorBody, Self.secret),
        ]
        for entry in cases {
            #expect(throws: WebhookError.invalidSignature) {
                try SMSMobileAPISignature.verify(
                    signatureHeader: entry.signature, timestampHeader: Self.vectorTimestamp, body: entry.body,
                    secret: entry.secret, now: 1_758_628_801)
            }
        }
        // The timestamp is part of the signed message.
        #expect(throws: WebhookError.invalidSignature) {
            try SMSMobileAPISignature.verify(
                signatureHeader: Self.vectorSignature, timestampHeader: "1758628802", body: Self.vectorBody,
                secret: Self.secret, now: 1_758_628_801)
        }
    }

    @Test("timestamps more than 300 s from now are refused, at the boundary accepted")
    func replayWindow() throws {
        let verify = { (now: Int64) throws(WebhookError) in
            try SMSMobileAPISignature.verify(
                signatureHeader: Self.vectorSignature, timestampHeader: Self.vectorTimestamp, body: Self.vectorBody,
                secret: Self.secret, now: now)
        }
        try verify(1_758_628_801 + 300)
        try verify(1_758_628_801 - 300)
        #expect(throws: WebhookError.staleTimestamp) { try verify(1_758_628_801 + 301) }
        #expect(throws: WebhookError.staleTimestamp) { try verify(1_758_628_801 - 301) }
        #expect(WebhookError.staleTimestamp.httpStatus == 403)
        let signedText = try SMSMobileAPISignature.compute(
            timestamp: "soon", body: Self.vectorBody, secret: Self.secret)
        #expect(throws: WebhookError.staleTimestamp) {
            try SMSMobileAPISignature.verify(
                signatureHeader: signedText, timestampHeader: "soon", body: Self.vectorBody, secret: Self.secret,
                now: 0)
        }
    }

    @Test("missing signature or timestamp header is 401 and nothing is decoded")
    func missingHeaders() {
        #expect(throws: WebhookError.missingSignature(header: "X-SMSMobileAPI-Signature")) {
            try SMSMobileAPIWebhook.verified(
                body: Self.vectorBody, signatureHeader: nil, timestampHeader: Self.vectorTimestamp, secret: Self.secret,
                now: 1_758_628_801)
        }
        #expect(throws: WebhookError.missingSignature(header: "X-SMSMobileAPI-Timestamp")) {
            try SMSMobileAPIWebhook.verified(
                body: Self.vectorBody, signatureHeader: Self.vectorSignature, timestampHeader: "", secret: Self.secret,
                now: 1_758_628_801)
        }
        #expect(throws: WebhookError.invalidSignature) {
            try SMSMobileAPIWebhook.verified(
                body: Array("not json".utf8), signatureHeader: Self.vectorSignature,
                timestampHeader: Self.vectorTimestamp, secret: Self.secret, now: 1_758_628_801)
        }
    }

    @Test("envelope decoding: unknown types kept by name, absent data empty, bad shapes rejected")
    func envelopeDecoding() throws {
        let minimal = try SMSMobileAPIWebhook(json: Self.vectorBody)
        #expect(minimal.type == .smsReceived)
        #expect(minimal.data == SMSMobileAPIEventData())
        let future = try SMSMobileAPIWebhook(json: Array(#"{"id":"e1","type":"rcs.sent","data":{"guid":"G"}}"#.utf8))
        #expect(future.type == nil)
        #expect(future.typeName == "rcs.sent")
        #expect(future.data.guid == "G")
        #expect(throws: WebhookError.malformedBody("not a JSON event envelope")) {
            try SMSMobileAPIWebhook(json: Array("[1]".utf8))
        }
        #expect(throws: WebhookError.malformedBody("not a JSON event envelope")) {
            try SMSMobileAPIWebhook(json: Array(#"{"type":"sms.sent"}"#.utf8))
        }
        #expect(throws: WebhookError.missingField("id")) {
            try SMSMobileAPIWebhook(json: Array(#"{"id":"","type":"sms.sent"}"#.utf8))
        }
        #expect(SMSMobileAPIEventType(rawValue: "whatsapp.voice.transcribed") == .whatsAppVoiceTranscribed)
        #expect(SMSMobileAPIEventType.allCases.count == 15)
    }
}
