import Foundation
import LocalStubServer
import TestSupport
import Testing

/// Replies through the real `gateway` and `sms-sender` executables: a signed Twilio incoming message becomes
/// one conversation entry (delivered twice), the reply leaves through the Twilio stub exactly once, and a
/// STOP puts the number on the do-not-contact list so that nothing more is sent to it. No number or text of
/// the run reaches a service log (the system's leak audit).
@Suite(.serialized, .timeLimit(.minutes(4))) struct InboundEndToEndTests {
    private static let contact = "+33612345678"

    private func incoming(_ system: SMSSystem, _ account: SMSSystem.Account, sid: String, body: String)
        async throws -> SMSSystem.Reply
    {
        let path = "/webhooks/twilio/\(account.id)"
        let form = [
            (name: "MessageSid", value: sid), (name: "SmsSid", value: sid),
            (name: "AccountSid", value: SMSSystem.twilioAccountSID), (name: "From", value: Self.contact),
            (name: "To", value: "+15017122661"), (name: "Body", value: body), (name: "NumMedia", value: "0"),
            (name: "SmsStatus", value: "received"),
        ]
        let signature = try TwilioCallbackSigner.signature(
            url: SMSSystem.publicURL + path, form: form, authToken: SMSSystem.twilioAuthToken)
        return try await system.call(.post, path, form: form, headers: ["X-Twilio-Signature": signature])
    }

    private func conversations(_ system: SMSSystem, _ account: SMSSystem.Account) async throws -> [[String: Any]] {
        try await system.call(.get, "/api/conversations", bearer: account.key).json["items"] as? [[String: Any]] ?? []
    }

    @Test func aTwilioReplyIsAnsweredOnceAndAStopEndsTheConversation() async throws {
        try await SMSEndToEndTests.withSystem { system, stub in
            let account = try await system.makeAccount()
            let first = try await system.sendSMS(
                account, to: "06 12 34 56 78", text: "Bonjour, votre 208 est-elle dispo ?", provider: "twilio")
            let firstID = try #require(first.json["messageId"] as? String)
            _ = try await system.waitForStatus(account, firstID, "sent")

            let answer = "Oui elle est toujours disponible"
            system.audit.secret(answer, kind: "an inbound message body")
            for _ in 0..<2 {
                let reply = try await incoming(system, account, sid: "SMin0000000000000000000000000001", body: answer)
                #expect(reply.status == 200)
                #expect(String(decoding: reply.body, as: UTF8.self) == "<Response/>")
            }
            try await eventuallyTrue(timeout: .seconds(30)) {
                try await conversations(system, account).first?["unreadCount"] as? Int == 1
            }
            let conversation = try #require(try await conversations(system, account).first)
            #expect(conversation["contactPhone"] as? String == Self.contact)
            let id = try #require(conversation["id"] as? String)

            let replied = try await system.call(
                .post, "/api/conversations/\(id)/reply", bearer: account.key,
                json: ["text": "Parfait, je passe demain matin"], headers: ["Idempotency-Key": "reply-1"])
            #expect(replied.status == 202)
            let replyID = try #require(replied.json["messageId"] as? String)
            _ = try await system.waitForStatus(account, replyID, "sent")
            let detail = try await system.call(.get, "/api/conversations/\(id)", bearer: account.key).json
            let directions = (detail["messages"] as? [[String: Any]] ?? []).compactMap { $0["direction"] as? String }
            #expect(directions == ["outbound", "inbound", "outbound"])

            // The contact opts out: the number is blocked and the next send is refused before anything is held.
            let stop = try await incoming(system, account, sid: "SMin0000000000000000000000000002", body: "STOP")
            #expect(stop.status == 200)
            try await eventuallyTrue(timeout: .seconds(30)) {
                let listed = try await system.call(
                    .get, "/api/contacts/blocked?phone=%2B33612345678", bearer: account.key)
                return (listed.json["items"] as? [[String: Any]])?.first?["reason"] as? String == "opt_out"
            }
            let refused = try await system.sendSMS(account, to: Self.contact, text: "Une dernière question ?")
            #expect(refused.status == 422)
            #expect(refused.json["type"] as? String == "urn:auto-prospect:problem:recipient-blocked")

            let requests = await stub.sendRequests
            #expect(requests.count == 2)
            #expect(requests.filter { $0.form["Body"] == "Parfait, je passe demain matin" }.count == 1)
            #expect(requests.allSatisfy { $0.form["To"] == Self.contact })
        }
    }
}
