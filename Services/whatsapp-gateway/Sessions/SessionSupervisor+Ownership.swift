import Foundation
import Logging

/// What the supervisor does when the row refuses one of its writes (``SessionStore/OwnershipLost``): the
/// session was moved to another worker, or restarted, after this connection was started. It is closed here,
/// and nothing more is written for it.
extension SessionSupervisor {
    /// Runs `body` (writes for `session`); false, with the session relinquished, when a write was refused.
    /// Other errors are thrown.
    func whileOwned(_ session: SessionStore.Session, _ body: () async throws -> Void) async throws -> Bool {
        do {
            try await body()
            return true
        } catch is SessionStore.OwnershipLost {
            await relinquish(session)
            return false
        }
    }

    /// Closes `session` here if this worker still runs it under the refused generation (a later start has its
    /// own generation and stays open).
    func relinquish(_ session: SessionStore.Session) async {
        guard let open = running[session.id], open.generation == session.generation else { return }
        logger.warning(
            "session write refused: owned by another worker or a newer start; closed here",
            metadata: ["session.id": "\(session.id)", "session.generation": "\(session.generation)"])
        await close(session.id)
        updateCount()
    }
}
