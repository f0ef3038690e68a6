import Foundation
import JobRuntime

/// A command for the WhatsApp worker that holds a session, on that worker's own queue (`wa:<workerId>`):
/// job name `session.<action>`, payload `{"sessionId": "<uuid>"}`.
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
    }

    package var action: Action
    package var sessionId: UUID

    package init(_ action: Action, sessionID: UUID) {
        self.action = action
        self.sessionId = sessionID
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
