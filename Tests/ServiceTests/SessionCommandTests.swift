import Foundation
import Outbox
import Testing

/// Worker commands on the `wa:<workerId>` queue: arguments round-trip, and payloads written before arguments
/// existed still decode.
@Suite struct SessionCommandTests {
    @Test func aPayloadWithoutArgumentStillDecodes() throws {
        let id = UUID()
        let old = Array(#"{"action":"start","sessionId":"\#(id.uuidString)"}"#.utf8)
        let command = try #require(SessionCommand.decode(name: "session.start", payload: old))
        #expect(command == SessionCommand(.start, sessionID: id))
        #expect(command.argument == nil)
    }

    @Test func argumentsRoundTripAndTheJobNameMustMatch() throws {
        let disconnect = SessionCommand(.disconnect, sessionID: UUID(), argument: .init(disconnect: .banned))
        let request = disconnect.request(accountID: UUID())
        #expect(request.name == "session.disconnect")
        #expect(SessionCommand.decode(name: request.name, payload: request.payload) == disconnect)
        #expect(SessionCommand.decode(name: "session.inbound", payload: request.payload) == nil)

        let code = SessionCommand(.pairingCode, sessionID: UUID(), argument: .init(phoneNumber: "33612345678"))
        let encoded = code.request(accountID: UUID())
        #expect(encoded.name == "session.pairingCode")
        #expect(
            SessionCommand.decode(name: encoded.name, payload: encoded.payload)?.argument?.phoneNumber == "33612345678")
    }

    @Test func anUnknownActionOrKindIsNotACommand() {
        let id = UUID().uuidString
        #expect(
            SessionCommand.decode(name: "session.fly", payload: Array(#"{"action":"fly","sessionId":"\#(id)"}"#.utf8))
                == nil)
        let badKind = #"{"action":"disconnect","sessionId":"\#(id)","argument":{"disconnect":"meteor"}}"#
        #expect(SessionCommand.decode(name: "session.disconnect", payload: Array(badKind.utf8)) == nil)
    }
}
