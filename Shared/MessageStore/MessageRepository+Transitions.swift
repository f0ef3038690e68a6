import Foundation
import Postgres

extension MessageRepository {
    /// The message was handed to the job queue. A no-op for a message already queued or further.
    @discardableResult
    package func markQueued(id: UUID, detail: String = "enqueued") async throws(MessageStoreError)
        -> TransitionResult
    {
        try await transition(id: id, to: .queued, detail: detail, providerCode: nil, settlement: nil)
    }

    /// The provider accepted the message: records the provider and its id and commits the credit hold,
    /// in one transaction. Calling it again (a retried job) changes nothing and reports `changed: false`.
    @discardableResult
    package func markSent(id: UUID, provider: String, providerMessageID: String) async throws(MessageStoreError)
        -> TransitionResult
    {
        try await transition(
            id: id, to: .sent, detail: nil, providerCode: nil, settlement: .commit,
            extraAssignments: "provider = $3, provider_message_id = $4", extraParameters: [provider, providerMessageID])
    }

    /// A permanent failure: keeps the provider's error code and message and, if the message was not
    /// sent yet, releases its credit hold (a sent message's credits stay committed: the provider billed).
    @discardableResult
    package func markFailed(id: UUID, errorCode: String?, errorMessage: String?) async throws(MessageStoreError)
        -> TransitionResult
    {
        try await transition(
            id: id, to: .failed, detail: errorMessage, providerCode: errorCode, settlement: .release,
            extraAssignments: "provider_error_code = $3, provider_error_message = $4",
            extraParameters: [errorCode, errorMessage])
    }

    /// Withdraws a message that was not sent yet and releases its credit hold.
    @discardableResult
    package func cancel(id: UUID, detail: String = "cancelled") async throws(MessageStoreError) -> TransitionResult {
        try await transition(id: id, to: .cancelled, detail: detail, providerCode: nil, settlement: .release)
    }

    /// Applies a provider status callback (`delivered`, `undelivered` or `failed`) to the message the
    /// provider knows as `providerMessageID`.
    ///
    /// - Throws: ``MessageStoreError/messageNotFound`` for an unknown id,
    ///   ``MessageStoreError/invalidTransition(from:to:)`` for any other status.
    @discardableResult
    package func recordProviderStatus(
        provider: String, providerMessageID: String, status: MessageStatus, providerCode: String?, detail: String?
    ) async throws(MessageStoreError) -> TransitionResult {
        guard let message = try await find(provider: provider, providerMessageID: providerMessageID) else {
            throw .messageNotFound
        }
        guard [.delivered, .read, .undelivered, .failed].contains(status) else {
            throw .invalidTransition(from: message.status, to: status)
        }
        let keepsError = status != .delivered && status != .read
        return try await transition(
            id: message.id, to: status, detail: detail, providerCode: providerCode, settlement: nil,
            extraAssignments: keepsError
                ? "provider_error_code = coalesce($3, provider_error_code), "
                    + "provider_error_message = coalesce($4, provider_error_message)"
                : nil,
            extraParameters: keepsError ? [providerCode, detail] : [])
    }

    /// Locks the row, asks ``MessageTransition`` and, when it says so, updates the row, writes the
    /// history row and settles the credit hold, all in one transaction.
    private func transition(
        id: UUID, to status: MessageStatus, detail: String?, providerCode: String?,
        settlement: CreditLedger.Settlement?, extraAssignments: String? = nil,
        extraParameters: [any PostgresBindable] = []
    ) async throws(MessageStoreError) -> TransitionResult {
        do {
            let result = try await pool.withTransaction { transaction in
                let locked = try await transaction.query(
                    "select \(StoredMessage.columns) from messages where id = $1 for update", [id])
                guard let row = locked.first else { throw MessageStoreError.messageNotFound }
                let current = try StoredMessage(row: row)
                switch MessageTransition(from: current.status, to: status).decision {
                case .unchanged:
                    return TransitionResult(message: current, changed: false)
                case .rejected:
                    throw MessageStoreError.invalidTransition(from: current.status, to: status)
                case .apply:
                    break
                }
                let assignments = ["status = $2", "updated_at = now()"] + (extraAssignments.map { [$0] } ?? [])
                let updated = try await transaction.query(
                    """
                    update messages set \(assignments.joined(separator: ", ")) where id = $1
                    returning \(StoredMessage.columns)
                    """,
                    [id, status.rawValue] + extraParameters)
                guard let updatedRow = updated.first else { throw MessageStoreError.messageNotFound }
                try await Self.recordEvent(
                    messageID: id, status: status, detail: detail, providerCode: providerCode, on: transaction)
                // A hold is settled only while the message still owns it: a failure after sending keeps
                // the committed credits.
                if let settlement, !(settlement == .release && current.status == .sent) {
                    _ = try await CreditLedger.settle(messageID: id, as: settlement, on: transaction)
                }
                if status == .sent, current.huntID != nil {
                    try await HuntLeadProgress.markContacted(messageIDs: [id], on: transaction)
                }
                return TransitionResult(message: try StoredMessage(row: updatedRow), changed: true)
            }
            logger.debug(
                "message status changed",
                metadata: [
                    "message.id": "\(id)", "message.status": "\(result.message.status)",
                    "message.changed": "\(result.changed)",
                ])
            return result
        } catch {
            throw MessageStoreError.wrapping(error)
        }
    }
}
