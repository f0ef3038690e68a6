import JobRuntime
import Logging
import MessageStore

extension SMSSendHandler {
    /// Writes the provider's answer to the message row, or throws to retry.
    func record(
        _ result: SMSSendResult, of message: StoredMessage, provider: String, isLastAttempt: Bool,
        metadata: Logger.Metadata
    ) async throws -> SMSSendOutcome {
        switch result {
        case .accepted(let providerMessageID, _):
            // A failure here retries the job, which would send again: the row write is the one step that
            // must not be lost after an acceptance, so it gets a few quick tries first.
            try await withRetries {
                try await messages.markSent(id: message.id, provider: provider, providerMessageID: providerMessageID)
            }
            logger.info("sms sent", metadata: metadata)
            return .sent(providerMessageID: providerMessageID)
        case .permanentFailure(let code, let reason):
            logger.warning(
                "sms refused by the provider", metadata: metadata.merging(["provider.code": "\(code)"]) { $1 })
            try await messages.markFailed(id: message.id, errorCode: code, errorMessage: reason)
            return .failed(code: code)
        case .transientFailure(let code, let reason, let retryAfter):
            guard isLastAttempt else { throw JobFailure.transient(reason, retryAfter: retryAfter) }
            logger.warning(
                "sms failed on its last attempt", metadata: metadata.merging(["provider.code": "\(code)"]) { $1 })
            try await messages.markFailed(id: message.id, errorCode: code, errorMessage: reason)
            return .failed(code: code)
        }
    }

    private func withRetries(_ body: () async throws -> Void) async throws {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch {
                guard attempt < 3 else { throw error }
                try await Task.sleep(for: .milliseconds(100 * attempt))
                attempt += 1
            }
        }
    }
}
