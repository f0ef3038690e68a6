import Foundation
import Testing

@testable import Gateway

/// The WhatsApp request bodies' own rules (the strict-JSON decoding around them is tested elsewhere): each
/// engine's block, templates, and exactly one kind of content per send.
@Suite struct WhatsAppRequestValidationTests {
    private func session(_ json: String) throws -> [String] {
        try JSONDecoder().decode(NewSessionRequest.self, from: Data(json.utf8)).validationErrors().map(\.field)
    }

    private func send(_ json: String) throws -> [String] {
        try JSONDecoder().decode(SendWhatsAppRequest.self, from: Data(json.utf8)).validationErrors().map(\.field)
    }

    @Test func eachEngineNeedsItsOwnBlockAndNoOther() throws {
        #expect(try session(#"{"name":"s"}"#) == [])
        #expect(try session(#"{"name":"s","engine":"cloud"}"#) == ["cloud"])
        #expect(
            try session(#"{"name":"s","engine":"cloud","cloud":{"phoneNumberId":"1065","accessToken":"EAAG12345"}}"#)
                == [])
        #expect(
            try session(#"{"name":"s","engine":"cloud","cloud":{"phoneNumberId":"+1 065","accessToken":"short"}}"#)
                == ["cloud.phoneNumberId", "cloud.accessToken"])
        #expect(try session(#"{"name":"s","engine":"twilio","twilio":{"from":"+14155238886"}}"#) == [])
        #expect(try session(#"{"name":"s","engine":"twilio","twilio":{"from":"not a number"}}"#) == ["twilio.from"])
        #expect(try session(#"{"name":"s","engine":"twilio"}"#) == ["twilio"])
        #expect(
            try session(#"{"name":"s","engine":"sandbox","cloud":{"phoneNumberId":"1","accessToken":"EAAG12345"}}"#)
                == ["cloud"])
        #expect(try session(#"{"name":"s","engine":"telegram"}"#) == ["engine"])
    }

    @Test func theSealedStartingStateCarriesTheCredentialsAndTheAccount() throws {
        let cloud = try JSONDecoder().decode(
            NewSessionRequest.self,
            from: Data(
                #"{"name":"s","engine":"cloud","cloud":{"phoneNumberId":"1065","accessToken":"EAAG12345"}}"#.utf8))
        let account = UUID()
        let state = try #require(cloud.initialAuthState(accountID: account))
        #expect(String(decoding: state, as: UTF8.self).contains(#""accessToken":"EAAG12345""#))
        // The phone number id (not the token) is kept in clear for routing inbound webhooks.
        #expect(cloud.optionsJSON.contains(#""phoneNumberId":"1065""#) && !cloud.optionsJSON.contains("EAAG"))
        let twilio = try JSONDecoder().decode(
            NewSessionRequest.self,
            from: Data(#"{"name":"s","engine":"twilio","twilio":{"from":"+14155238886"}}"#.utf8))
        let twilioState = String(decoding: try #require(twilio.initialAuthState(accountID: account)), as: UTF8.self)
        #expect(twilioState.contains(account.uuidString))
    }

    @Test func aSendCarriesExactlyOneOfTextMediaAndTemplate() throws {
        #expect(try send(#"{"to":"+33612345678","text":"Bonjour"}"#) == [])
        #expect(try send(#"{"to":"+33612345678"}"#) == ["text"])
        #expect(try send(#"{"to":"+33612345678","text":"a","template":{"name":"t","language":"fr"}}"#) == ["text"])
        #expect(
            try send(
                #"{"to":"+33612345678","template":{"name":"relance_annonce","language":"pt_BR","parameters":["208"]}}"#)
                == [])
        #expect(
            try send(#"{"to":"+33612345678","template":{"name":"bad name!","language":"french","parameters":[""]}}"#)
                == ["template.name", "template.language", "template.parameters"])
    }
}
