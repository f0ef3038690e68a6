import JobRuntime
import Logging
import MessageStore
import Outbox

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
            var sent: TransitionResult?
            try await withRetries {
                sent = try await messages.markSent(
                    id: message.id, provider: provider, providerMessageID: providerMessageID)
            }
            if let sent, sent.changed { await events?.publish(sent.message) }
            logger.info("sms sent", metadata: metadata)
            return .sent(providerMessageID: providerMessageID)
        case .permanentFailure(let code, let reason):
            logger.warning(
                "sms refused by the provider", metadata: metadata.merging(["provider.code": "\(code)"]) { $1 })
            try await fail(message, code: code, reason: reason)
            return .failed(code: code)
        case .transientFailure(let code, let reason, let retryAfter):
            guard isLastAttempt else { throw JobFailure.transient(reason, retryAfter: retryAfter) }
            logger.warning(
                "sms failed on its last attempt", metadata: metadata.merging(["provider.code": "\(code)"]) { $1 })
            try await fail(message, code: code, reason: reason)
            return .failed(code: code)
        }
    }

    /// Marks the message `failed` with the provider's code (releasing its credit hold) and publishes it.
    func fail(_ message: StoredMessage, code: String, reason: String) async throws {
        let failed = try await messages.markFailed(id: message.id, errorCode: code, errorMessage: reason)
        if failed.changed { await events?.publish(failed.message, providerCode: code, detail: reason) }
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
