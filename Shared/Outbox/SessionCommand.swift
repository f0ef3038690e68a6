import Foundation
import JobRuntime

/// A command for the WhatsApp worker that holds a session, on that worker's own queue (`wa:<workerId>`):
/// job name `session.<action>`, payload `{"action", "sessionId": "<uuid>", "argument"?: {…}}`. `argument` is
/// optional so that payloads written before it existed still decode.
package struct SessionCommand: Codable, Sendable, Hashable {
    package enum Action: String, Codable, Sendable, CaseIterable {
        /// Open the session (new, restarted, or moved here from another worker: resume its auth state).
        case start
        /// Close it and release its slot, keeping its auth state.
        case stop
        /// Unlink the device and drop its auth state.
        case logout
        /// Sandbox engine only: play the phone scanning the current QR.
        case scan
        /// Link with a phone number instead of a QR (``Argument/phoneNumber``): the engine makes a pairing
        /// code and the worker stores it under ``SessionKeys/pairingCode(_:)``.
        case pairingCode
        /// Sandbox engine only: play the phone entering the pairing code (``Argument/code``).
        case pair
        /// Sandbox engine only: play a contact sending a message (``Argument/from``, ``Argument/text``).
        case inbound
        /// Sandbox engine only: play the connection ending (``Argument/disconnect``).
        case disconnect
    }

    /// How a sandbox connection ends (`disconnect`), one per kind of trouble a real session meets.
    package enum DisconnectKind: String, Codable, Sendable, CaseIterable {
        /// The connection drops; the worker reconnects with backoff.
        case transient
        /// The phone unlinks the device.
        case loggedOut
        /// WhatsApp bans the number.
        case banned
        /// The connection stays open but nothing comes through any more (the watchdog's case).
        case silent
    }

    /// What a command that needs more than the session id carries; each field belongs to one action.
    package struct Argument: Codable, Sendable, Hashable {
        /// `pairingCode`: the number to link, international, digits only.
        package var phoneNumber: String?
        /// `pair`: the code the phone enters, `XXXX-XXXX`.
        package var code: String?
        /// `inbound`: the contact's number (E.164) and the message.
        package var from: String?
        package var text: String?
        /// `disconnect`: how the connection ends.
        package var disconnect: DisconnectKind?

        package init(
            phoneNumber: String? = nil, code: String? = nil, from: String? = nil, text: String? = nil,
            disconnect: DisconnectKind? = nil
        ) {
            self.phoneNumber = phoneNumber
            self.code = code
            self.from = from
            self.text = text
            self.disconnect = disconnect
        }
    }

    package var action: Action
    package var sessionId: UUID
    package var argument: Argument?

    package init(_ action: Action, sessionID: UUID, argument: Argument? = nil) {
        self.action = action
        self.sessionId = sessionID
        self.argument = argument
    }

    package var jobName: String { "session.\(action.rawValue)" }

    /// The enqueue request, carrying the account for logs.
    package func request(accountID: UUID) -> JobRequest {
        JobRequest(
            name: jobName, payload: (try? Array(JSONEncoder().encode(self))) ?? [],
            accountID: accountID.uuidString.lowercased())
    }

    /// Reads a command job; nil for another job or an unreadable payload.
    package static func decode(name: String, payload: [UInt8]) -> SessionCommand? {
        guard let command = try? JSONDecoder().decode(SessionCommand.self, from: Data(payload)),
            command.jobName == name
        else { return nil }
        return command
    }
}
