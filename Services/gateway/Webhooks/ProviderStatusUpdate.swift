import Logging
import MessageStore

/// Applies a provider's status report to a message it sent.
enum ProviderStatusUpdate {
    /// The change, or nil when the report arrived after a final status (callbacks come out of order:
    /// a late report never moves a message backwards). Other store errors are thrown.
    static func apply(
        _ status: MessageStatus, to message: StoredMessage, provider: String, providerCode: String?, detail: String,
        messages: MessageRepository, logger: Logger
    ) async throws -> TransitionResult? {
        do {
            return try await messages.recordProviderStatus(
                provider: provider, providerMessageID: message.providerMessageID ?? "", status: status,
                providerCode: providerCode, detail: detail)
        } catch {
            guard case .invalidTransition = error else { throw error }
            logger.info(
                "provider status after a final one, ignored",
                metadata: [
                    "message.id": "\(message.id)", "provider.name": "\(provider)", "callback.status": "\(status)",
                ])
            return nil
        }
    }
}
