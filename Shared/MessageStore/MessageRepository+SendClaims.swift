import Foundation
import Postgres

extension MessageRepository {
    /// Records that a sender is about to hand the message to its provider, committed before the request
    /// goes out. Returns when the previous claim was made, if one is still open: an earlier attempt that
    /// died (or timed out) between its provider request and recording the answer, so the provider may
    /// already have the message. Nil when this is the first claim (or the last attempt released it).
    package func claimSend(id: UUID) async throws(MessageStoreError) -> Date? {
        do {
            let rows = try await pool.query(
                """
                update messages m set send_started_at = now(), send_attempts = m.send_attempts + 1
                from (select id, send_started_at as previous from messages where id = $1 for update) p
                where m.id = p.id
                returning p.previous
                """,
                [id])
            guard let row = rows.first else { throw MessageStoreError.messageNotFound }
            return try row.decode(Date?.self, "previous")
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Closes the open claim after the provider answered that it did not take the message (a refusal
    /// that may pass later, such as 429 or 5xx): the next attempt sends without asking first.
    package func releaseSendClaim(id: UUID) async throws(MessageStoreError) {
        do {
            _ = try await pool.execute("update messages set send_started_at = null where id = $1", [id])
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }

    /// Puts back the claim time an attempt found (it re-claimed, then learned the provider's answer is not
    /// known yet): the grace before sending again keeps counting from the interrupted attempt.
    package func restoreSendClaim(id: UUID, startedAt: Date) async throws(MessageStoreError) {
        do {
            _ = try await pool.execute("update messages set send_started_at = $2 where id = $1", [id, startedAt])
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }
}
