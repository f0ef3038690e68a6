import Foundation

/// One `message_events` row: a status the message entered, with the reason.
package struct MessageEvent: Sendable, Hashable {
    package let status: MessageStatus
    /// A short reason (`accepted`, `relayed by outbox`, the provider's error message ...).
    package let detail: String?
    /// The provider's status or error code, when the change came from the provider.
    package let providerCode: String?
    package let at: Date
}
