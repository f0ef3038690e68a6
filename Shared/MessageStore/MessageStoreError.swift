import Cryptography
import Domain
import Postgres

/// Everything the message store reports. Descriptions name statuses, channels and providers, never
/// phone numbers, bodies or secrets.
package enum MessageStoreError: Error, Sendable, CustomStringConvertible {
    /// The account lacks credits on the channel for this message (the API answers 402).
    case insufficientCredits(channel: Channel, required: Int, available: Int)
    /// The recipient is on the account's do-not-contact list (the API answers 422 `recipient-blocked`);
    /// nothing was stored or held.
    case recipientBlocked
    /// A credit amount was zero or negative.
    case invalidAmount(Int)
    /// No message has that id (or provider id).
    case messageNotFound
    /// The status change would go backwards or leave a final state.
    case invalidTransition(from: MessageStatus, to: MessageStatus)
    /// No credential is stored for that account, channel and provider.
    case credentialNotFound(channel: Channel, provider: String)
    /// Sealing or opening a credential failed (wrong key, altered data, unknown key id).
    case sealing(CryptographyError)
    /// A stored row holds a value this build cannot read.
    case invalidRow(String)
    /// The database call failed.
    case database(PostgresError)
    /// The outbox relay's enqueue closure threw (Redis down, ...); nothing was marked queued.
    case enqueueFailed(any Error)

    package var description: String {
        switch self {
        case .insufficientCredits(let channel, let required, let available):
            "insufficient \(channel.rawValue) credits: \(required) required, \(available) available"
        case .recipientBlocked:
            "the recipient is on the account's do-not-contact list"
        case .invalidAmount(let amount):
            "credit amounts must be positive, got \(amount)"
        case .messageNotFound:
            "message not found"
        case .invalidTransition(let from, let to):
            "a \(from) message cannot become \(to)"
        case .credentialNotFound(let channel, let provider):
            "no \(channel.rawValue) credential stored for provider \(provider)"
        case .sealing(let error):
            "credential sealing failed: \(error)"
        case .invalidRow(let why):
            "unreadable stored row: \(why)"
        case .database(let error):
            "message store database error: \(error)"
        case .enqueueFailed(let error):
            // Only the type: the caller's error text is not ours to vouch for.
            "the outbox enqueue failed with \(type(of: error))"
        }
    }

    /// Maps whatever a transaction body threw onto this type.
    static func wrapping(_ error: any Error) -> MessageStoreError {
        switch error {
        case let error as MessageStoreError: error
        case let error as PostgresError: .database(error)
        case let error as CryptographyError: .sealing(error)
        default: .database(PostgresError(.cancelled, "the operation was interrupted"))
        }
    }
}
